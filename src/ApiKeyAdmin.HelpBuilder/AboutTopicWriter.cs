using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>
    /// Writes an about_ topic as the plain text Get-Help shows: TOPIC and the ## headings in capitals at the margin,
    /// ### headings in capitals indented by two, text indented by four and wrapped at 80 columns, code indented by
    /// eight and never wrapped, and tables either as aligned columns or, when too wide, one entry per row.
    /// </summary>
    internal static class AboutTopicWriter
    {
        private const int Width = 80;
        private const int Indent = 4;

        /// <summary>The topic's text; checks that the page is an about topic.</summary>
        internal static string Render(MarkdownDocument page)
        {
            string name = page.Title.Title;
            string expected = Path.GetFileNameWithoutExtension(page.Path);
            if (!string.Equals(name, expected, StringComparison.Ordinal) || !name.StartsWith("about_", StringComparison.Ordinal))
            {
                throw new HelpFormatException(page.Path, page.Title.Line, $"An about topic's title is its file name, about_<Topic>; found '{name}' in {expected}.md.");
            }

            if (page.Title.Children.Count == 0 || page.Title.Children[0].Title != "SHORT DESCRIPTION")
            {
                throw new HelpFormatException(page.Path, page.Title.Line, "An about topic starts with '## SHORT DESCRIPTION'.");
            }

            var text = new StringBuilder();
            text.Append("TOPIC\n").Append(' ', Indent).Append(name).Append('\n');
            AppendBody(text, page.Path, page.Title.Body);
            foreach (MarkdownSection section in page.Title.Children)
            {
                text.Append('\n').Append(section.Title.ToUpperInvariant()).Append('\n');
                AppendBody(text, page.Path, section.Body);
                foreach (MarkdownSection sub in section.Children)
                {
                    text.Append('\n').Append("  ").Append(sub.Title.ToUpperInvariant()).Append('\n');
                    AppendBody(text, page.Path, sub.Body);
                }
            }

            return text.ToString();
        }

        private static void AppendBody(StringBuilder text, string file, IReadOnlyList<SourceLine> lines)
        {
            List<MarkdownBlock> blocks = MarkdownBlocks.Parse(file, lines);
            for (int i = 0; i < blocks.Count; i++)
            {
                MarkdownBlock block = blocks[i];
                // List items of one list stay together; everything else is set off by a blank line.
                bool sameList = i > 0 && block.Kind == MarkdownBlockKind.ListItem && blocks[i - 1].Kind == MarkdownBlockKind.ListItem;
                if (i > 0 && !sameList)
                {
                    text.Append('\n');
                }

                switch (block.Kind)
                {
                    case MarkdownBlockKind.Paragraph:
                        AppendWrapped(text, Inline.ToPlain(block.Text), Indent, Indent);
                        break;
                    case MarkdownBlockKind.ListItem:
                        string marker = block.Marker + " ";
                        AppendWrapped(text, marker + Inline.ToPlain(block.Text), Indent, Indent + marker.Length);
                        break;
                    case MarkdownBlockKind.Code:
                        foreach (string line in block.Text.Split('\n'))
                        {
                            text.Append(line.Length == 0 ? string.Empty : new string(' ', 2 * Indent) + line).Append('\n');
                        }

                        break;
                    case MarkdownBlockKind.Table:
                        AppendTable(text, block.Rows.Select(r => r.Select(Inline.ToPlain).ToArray()).ToList());
                        break;
                }
            }
        }

        private static void AppendTable(StringBuilder text, List<string[]> rows)
        {
            int columns = rows.Max(r => r.Length);
            int[] widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
            if (Indent + widths.Sum() + 2 * (columns - 1) <= Width)
            {
                for (int r = 0; r < rows.Count; r++)
                {
                    string line = string.Join("  ", Enumerable.Range(0, columns).Select(c => (c < rows[r].Length ? rows[r][c] : string.Empty).PadRight(widths[c])));
                    text.Append(' ', Indent).Append(line.TrimEnd()).Append('\n');
                    if (r == 0)
                    {
                        text.Append(' ', Indent).Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
                    }
                }

                return;
            }

            // Too wide for 80 columns: the first cell as a heading line, the others under it as "Header: value".
            string[] header = rows[0];
            for (int r = 1; r < rows.Count; r++)
            {
                if (r > 1)
                {
                    text.Append('\n');
                }

                text.Append(' ', Indent).Append(rows[r][0]).Append('\n');
                for (int c = 1; c < rows[r].Length; c++)
                {
                    string label = c < header.Length && header[c].Length > 0 ? header[c] + ": " : string.Empty;
                    AppendWrapped(text, label + rows[r][c], 2 * Indent, 2 * Indent + 2);
                }
            }
        }

        private static void AppendWrapped(StringBuilder text, string paragraph, int firstIndent, int nextIndent)
        {
            int indent = firstIndent;
            var line = new StringBuilder();
            foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && indent + line.Length + 1 + word.Length > Width)
                {
                    text.Append(' ', indent).Append(line).Append('\n');
                    line.Clear();
                    indent = nextIndent;
                }

                if (line.Length > 0)
                {
                    line.Append(' ');
                }

                line.Append(word);
            }

            if (line.Length > 0)
            {
                text.Append(' ', indent).Append(line).Append('\n');
            }
        }
    }
}
