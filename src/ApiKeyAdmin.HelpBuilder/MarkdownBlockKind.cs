namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>The block forms help pages use.</summary>
    internal enum MarkdownBlockKind
    {
        /// <summary>Lines of running text, joined with spaces.</summary>
        Paragraph,

        /// <summary>One item of a bulleted or numbered list, with its marker.</summary>
        ListItem,

        /// <summary>A fenced code block, lines kept as they are.</summary>
        Code,

        /// <summary>A pipe table; <see cref="MarkdownBlock.Rows"/> holds its header and body rows.</summary>
        Table,
    }
}
