using System.Collections.Generic;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>One block of a section's body.</summary>
    internal sealed class MarkdownBlock
    {
        internal MarkdownBlock(MarkdownBlockKind kind, int line, string text, string marker = null, string language = null, IReadOnlyList<string[]> rows = null)
        {
            Kind = kind;
            Line = line;
            Text = text;
            Marker = marker;
            Language = language;
            Rows = rows;
        }

        /// <summary>What the block is.</summary>
        internal MarkdownBlockKind Kind { get; }

        /// <summary>Its first line number.</summary>
        internal int Line { get; }

        /// <summary>The text: paragraphs and list items joined into one line, code with its line breaks.</summary>
        internal string Text { get; }

        /// <summary>A list item's marker, such as "-" or "1.".</summary>
        internal string Marker { get; }

        /// <summary>A code block's info string, such as "powershell" or "yaml".</summary>
        internal string Language { get; }

        /// <summary>A table's rows, the header first, the separator row left out; cells trimmed.</summary>
        internal IReadOnlyList<string[]> Rows { get; }
    }
}
