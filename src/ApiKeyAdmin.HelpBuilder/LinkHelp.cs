namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>A related link: the text shown and, for web links, the address.</summary>
    internal sealed class LinkHelp
    {
        /// <summary>The link text, usually a command or topic name.</summary>
        internal string Text { get; init; }

        /// <summary>An absolute address, or empty for links to other help pages.</summary>
        internal string Uri { get; init; }
    }
}
