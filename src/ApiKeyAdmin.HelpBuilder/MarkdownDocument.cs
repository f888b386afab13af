using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>
    /// A markdown file as help pages use it: optional YAML front matter of "key: value" lines, one # title, and ## and
    /// ### sections. Lines inside code fences are never headings (PowerShell comments start with #).
    /// </summary>
    internal sealed class MarkdownDocument
    {
        private MarkdownDocument(string path, IReadOnlyDictionary<string, string> frontMatter, MarkdownSection title)
        {
            Path = path;
            FrontMatter = frontMatter;
            Title = title;
        }

        /// <summary>The file, as given.</summary>
        internal string Path { get; }

        /// <summary>The front matter's keys (case-insensitive) and values, empty when there is none.</summary>
        internal IReadOnlyDictionary<string, string> FrontMatter { get; }

        /// <summary>The # heading; its children are the ## sections.</summary>
        internal MarkdownSection Title { get; }

        /// <summary>Reads and outlines a file.</summary>
        internal static MarkdownDocument Load(string path)
        {
            string[] raw = File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
            var lines = raw.Select((text, i) => new SourceLine(i + 1, text.TrimEnd())).ToList();
            int start = 0;
            var frontMatter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (lines.Count > 0 && lines[0].Text == "---")
            {
                int end = lines.FindIndex(1, l => l.Text == "---");
                if (end < 0)
                {
                    throw new HelpFormatException(path, 1, "The front matter that starts here has no closing '---' line.");
                }

                foreach (SourceLine line in lines.Skip(1).Take(end - 1).Where(l => l.Text.Length > 0))
                {
                    int colon = line.Text.IndexOf(':');
                    if (colon <= 0)
                    {
                        throw new HelpFormatException(path, line.Number, $"Front matter lines are 'key: value'; found '{line.Text}'.");
                    }

                    frontMatter[line.Text.Substring(0, colon).Trim()] = line.Text.Substring(colon + 1).Trim();
                }

                start = end + 1;
            }

            MarkdownSection title = null;
            var open = new Stack<MarkdownSection>();
            bool inFence = false;
            foreach (SourceLine line in lines.Skip(start))
            {
                if (line.Text.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }

                int level = inFence ? 0 : HeadingLevel(line.Text);
                if (level == 0)
                {
                    if (open.Count > 0)
                    {
                        open.Peek().Body.Add(line);
                    }
                    else if (line.Text.Length > 0)
                    {
                        throw new HelpFormatException(path, line.Number, "Text before the page's '# title' line.");
                    }

                    continue;
                }

                var section = new MarkdownSection(level, line.Text.Substring(level).Trim(), line.Number);
                while (open.Count > 0 && open.Peek().Level >= level)
                {
                    open.Pop();
                }

                if (level == 1)
                {
                    if (title != null)
                    {
                        throw new HelpFormatException(path, line.Number, $"A page has one '# title'; this is a second one ('{section.Title}').");
                    }

                    title = section;
                }
                else if (open.Count == 0 || open.Peek().Level != level - 1)
                {
                    throw new HelpFormatException(path, line.Number, $"The heading '{line.Text}' skips a level; use {new string('#', level - 1)} above it.");
                }
                else
                {
                    open.Peek().Children.Add(section);
                }

                open.Push(section);
            }

            if (inFence)
            {
                throw new HelpFormatException(path, lines.Count, "A code fence (```) is not closed.");
            }

            return title == null
                ? throw new HelpFormatException(path, 1, "The page has no '# title' line.")
                : new MarkdownDocument(path, frontMatter, title);
        }

        private static int HeadingLevel(string text)
        {
            int level = 0;
            while (level < text.Length && text[level] == '#')
            {
                level++;
            }

            return level >= 1 && level <= 3 && level < text.Length && text[level] == ' ' ? level : 0;
        }
    }
}
