namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>One line of a markdown file with its 1-based line number, for error messages.</summary>
    internal readonly record struct SourceLine(int Number, string Text);
}
