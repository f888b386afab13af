using System.Collections.Generic;
using System.Text;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// A PowerShell wildcard (<c>*</c>, <c>?</c>, <c>[a-z]</c>, backtick escapes; case-insensitive) read into parts
    /// that no database's syntax shapes, so that each store writes it in its own pattern language. Patterns that do
    /// not parse are the error InvalidPathPattern.
    /// </summary>
    public sealed class PathPattern
    {
        private PathPattern(IReadOnlyList<PathPatternPart> parts)
        {
            Parts = parts;
        }

        /// <summary>The parts, in order; a path matches when it is exactly a run of matches of them.</summary>
        public IReadOnlyList<PathPatternPart> Parts { get; }

        /// <summary>Reads a wildcard pattern.</summary>
        public static PathPattern Parse(string wildcard)
        {
            var parts = new List<PathPatternPart>(wildcard.Length);
            for (int i = 0; i < wildcard.Length; i++)
            {
                char c = wildcard[i];
                switch (c)
                {
                    case '`':
                        if (++i == wildcard.Length)
                        {
                            throw Fail.InvalidPathPattern(wildcard, "it ends with an escape character (`)");
                        }

                        parts.Add(new PathPatternPart(PathPatternPartKind.Literal, wildcard[i], null));
                        break;
                    case '*':
                        parts.Add(new PathPatternPart(PathPatternPartKind.AnyRun, c, null));
                        break;
                    case '?':
                        parts.Add(new PathPatternPart(PathPatternPartKind.AnyOne, c, null));
                        break;
                    case '[':
                        i = AddSet(parts, wildcard, i);
                        break;
                    default:
                        parts.Add(new PathPatternPart(PathPatternPartKind.Literal, c, null));
                        break;
                }
            }

            return new PathPattern(parts);
        }

        /// <summary>The character in upper case, then in lower case where that differs: what a case-insensitive match of it accepts.</summary>
        public static string CaseVariants(char c)
        {
            char upper = char.ToUpperInvariant(c);
            char lower = char.ToLowerInvariant(c);
            return lower == upper ? upper.ToString() : new string(new[] { upper, lower });
        }

        private static int AddSet(List<PathPatternPart> parts, string wildcard, int open)
        {
            int close = wildcard.IndexOf(']', open + 1);
            if (close < 0 || close == open + 1)
            {
                throw Fail.InvalidPathPattern(wildcard, $"the bracket at position {open} is not closed or is empty");
            }

            var set = new StringBuilder();
            for (int i = open + 1; i < close; i++)
            {
                char c = wildcard[i];
                bool range = i + 2 < close && wildcard[i + 1] == '-';
                if (range)
                {
                    char end = wildcard[i + 2];
                    set.Append(c).Append('-').Append(end);
                    if (char.IsLetter(c) && char.IsLetter(end))
                    {
                        set.Append(char.ToUpperInvariant(c)).Append('-').Append(char.ToUpperInvariant(end))
                            .Append(char.ToLowerInvariant(c)).Append('-').Append(char.ToLowerInvariant(end));
                    }

                    i += 2;
                }
                else
                {
                    set.Append(CaseVariants(c));
                }
            }

            parts.Add(new PathPatternPart(PathPatternPartKind.Set, '[', set.ToString()));
            return close;
        }
    }
}
