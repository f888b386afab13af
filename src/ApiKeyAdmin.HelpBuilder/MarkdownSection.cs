using System.Collections.Generic;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>A heading with the lines under it, up to the next heading of the same or a higher level.</summary>
    internal sealed class MarkdownSection
    {
        internal MarkdownSection(int level, string title, int line)
        {
            Level = level;
            Title = title;
            Line = line;
        }

        /// <summary>1 for #, 2 for ##, 3 for ###.</summary>
        internal int Level { get; }

        /// <summary>The heading text.</summary>
        internal string Title { get; }

        /// <summary>The heading's line number.</summary>
        internal int Line { get; }

        /// <summary>The lines between the heading and its first sub-heading (or the next heading).</summary>
        internal List<SourceLine> Body { get; } = new List<SourceLine>();

        /// <summary>Sub-headings one level down.</summary>
        internal List<MarkdownSection> Children { get; } = new List<MarkdownSection>();
    }
}
