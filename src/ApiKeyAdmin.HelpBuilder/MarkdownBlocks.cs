using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>Splits a section's lines into paragraphs, list items, code blocks and tables.</summary>
    internal static class MarkdownBlocks
    {
        private static readonly Regex ListMarker = new Regex(@"^(?<marker>[-*+]|\d+\.)\s+(?<text>.*)$", RegexOptions.CultureInvariant);
        private static readonly Regex TableSeparator = new Regex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$", RegexOptions.CultureInvariant);

        /// <summary>The blocks of <paramref name="lines"/>, in order.</summary>
        internal static List<MarkdownBlock> Parse(string file, IReadOnlyList<SourceLine> lines)
        {
            var blocks = new List<MarkdownBlock>();
            int i = 0;
            while (i < lines.Count)
            {
                string text = lines[i].Text;
                string trimmed = text.Trim();
                int start = lines[i].Number;
                if (trimmed.Length == 0)
                {
                    i++;
                }
                else if (trimmed.StartsWith("```", StringComparison.Ordinal))
                {
                    string language = trimmed.Substring(3).Trim();
                    var code = new List<string>();
                    i++;
                    while (i < lines.Count && !lines[i].Text.Trim().StartsWith("```", StringComparison.Ordinal))
                    {
                        code.Add(lines[i].Text);
                        i++;
                    }

                    if (i == lines.Count)
                    {
                        throw new HelpFormatException(file, start, "A code fence (```) is not closed.");
                    }

                    i++;
                    blocks.Add(new MarkdownBlock(MarkdownBlockKind.Code, start, string.Join("\n", Dedent(code)), language: language));
                }
                else if (trimmed.StartsWith("|", StringComparison.Ordinal))
                {
                    var rows = new List<string[]>();
                    while (i < lines.Count && lines[i].Text.Trim().StartsWith("|", StringComparison.Ordinal))
                    {
                        string row = lines[i].Text.Trim();
                        if (!TableSeparator.IsMatch(row))
                        {
                            rows.Add(SplitRow(row));
                        }

                        i++;
                    }

                    blocks.Add(new MarkdownBlock(MarkdownBlockKind.Table, start, null, rows: rows));
                }
                else if (ListMarker.Match(trimmed) is Match item && item.Success && !text.StartsWith("    ", StringComparison.Ordinal))
                {
                    var itemText = new StringBuilder(item.Groups["text"].Value);
                    i++;
                    // Continuation lines of an item are indented; a blank line or a new marker ends it.
                    while (i < lines.Count && lines[i].Text.Length > 0 && char.IsWhiteSpace(lines[i].Text[0]) && !ListMarker.IsMatch(lines[i].Text.Trim()))
                    {
                        itemText.Append(' ').Append(lines[i].Text.Trim());
                        i++;
                    }

                    blocks.Add(new MarkdownBlock(MarkdownBlockKind.ListItem, start, itemText.ToString(), marker: item.Groups["marker"].Value));
                }
                else
                {
                    var paragraph = new StringBuilder(trimmed);
                    i++;
                    while (i < lines.Count && IsParagraphContinuation(lines[i].Text))
                    {
                        paragraph.Append(' ').Append(lines[i].Text.Trim());
                        i++;
                    }

                    blocks.Add(new MarkdownBlock(MarkdownBlockKind.Paragraph, start, paragraph.ToString()));
                }
            }

            return blocks;
        }

        private static bool IsParagraphContinuation(string text)
        {
            string trimmed = text.Trim();
            return trimmed.Length > 0
                && !trimmed.StartsWith("```", StringComparison.Ordinal)
                && !trimmed.StartsWith("|", StringComparison.Ordinal)
                && !ListMarker.IsMatch(trimmed);
        }

        private static string[] SplitRow(string row)
        {
            string inner = row.Trim('|');
            var cells = new List<string>();
            var cell = new StringBuilder();
            for (int i = 0; i < inner.Length; i++)
            {
                // \| is a literal bar inside a cell.
                if (inner[i] == '\\' && i + 1 < inner.Length && inner[i + 1] == '|')
                {
                    cell.Append('|');
                    i++;
                }
                else if (inner[i] == '|')
                {
                    cells.Add(cell.ToString().Trim());
                    cell.Clear();
                }
                else
                {
                    cell.Append(inner[i]);
                }
            }

            cells.Add(cell.ToString().Trim());
            return cells.ToArray();
        }

        private static IEnumerable<string> Dedent(List<string> code)
        {
            int indent = code.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            return code.Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart());
        }
    }
}
