using System.Text;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// Turns a PowerShell wildcard (<c>*</c>, <c>?</c>, <c>[a-z]</c>, backtick escapes; case-insensitive) into a SQL
    /// GLOB pattern, which is case-sensitive: each letter becomes a class of both cases. Patterns that do not parse are
    /// the error InvalidPathPattern.
    /// </summary>
    public static class PathPattern
    {
        /// <summary>The GLOB equivalent of a wildcard pattern.</summary>
        public static string ToGlob(string wildcard)
        {
            var glob = new StringBuilder(wildcard.Length * 4);
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

                        AppendLiteral(glob, wildcard[i]);
                        break;
                    case '*':
                    case '?':
                        glob.Append(c);
                        break;
                    case '[':
                        i = AppendClass(glob, wildcard, i);
                        break;
                    default:
                        AppendLiteral(glob, c);
                        break;
                }
            }

            return glob.ToString();
        }

        private static int AppendClass(StringBuilder glob, string wildcard, int open)
        {
            int close = wildcard.IndexOf(']', open + 1);
            if (close < 0 || close == open + 1)
            {
                throw Fail.InvalidPathPattern(wildcard, $"the bracket at position {open} is not closed or is empty");
            }

            glob.Append('[');
            for (int i = open + 1; i < close; i++)
            {
                char c = wildcard[i];
                bool range = i + 2 < close && wildcard[i + 1] == '-';
                if (range)
                {
                    char end = wildcard[i + 2];
                    glob.Append(c).Append('-').Append(end);
                    if (char.IsLetter(c) && char.IsLetter(end))
                    {
                        glob.Append(char.ToUpperInvariant(c)).Append('-').Append(char.ToUpperInvariant(end))
                            .Append(char.ToLowerInvariant(c)).Append('-').Append(char.ToLowerInvariant(end));
                    }

                    i += 2;
                }
                else
                {
                    AppendCaseVariants(glob, c);
                }
            }

            glob.Append(']');
            return close;
        }

        private static void AppendLiteral(StringBuilder glob, char c)
        {
            if (c == '*' || c == '?' || c == '[' || char.ToUpperInvariant(c) != char.ToLowerInvariant(c))
            {
                glob.Append('[');
                AppendCaseVariants(glob, c);
                glob.Append(']');
            }
            else
            {
                glob.Append(c);
            }
        }

        private static void AppendCaseVariants(StringBuilder glob, char c)
        {
            char upper = char.ToUpperInvariant(c);
            char lower = char.ToLowerInvariant(c);
            glob.Append(upper);
            if (lower != upper)
            {
                glob.Append(lower);
            }
        }
    }
}
