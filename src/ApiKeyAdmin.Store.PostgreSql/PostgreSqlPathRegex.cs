using System.Text;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// PostgreSQL has no GLOB, so a <see cref="PathPattern"/> becomes an anchored POSIX regular expression with the same
    /// meaning: each letter a class of both cases, sets as classes, everything else literal.
    /// </summary>
    internal static class PostgreSqlPathRegex
    {
        internal static string From(PathPattern pattern)
        {
            var regex = new StringBuilder("^", pattern.Parts.Count * 4 + 2);
            foreach (PathPatternPart part in pattern.Parts)
            {
                switch (part.Kind)
                {
                    case PathPatternPartKind.AnyRun:
                        regex.Append(".*");
                        break;
                    case PathPatternPartKind.AnyOne:
                        regex.Append('.');
                        break;
                    case PathPatternPartKind.Set:
                        // Inside a bracket only the backslash is special to an advanced regular expression beyond GLOB's own syntax.
                        regex.Append('[').Append(part.Set.Replace(@"\", @"\\")).Append(']');
                        break;
                    default:
                        string variants = PathPattern.CaseVariants(part.Literal);
                        if (variants.Length > 1)
                        {
                            regex.Append('[').Append(variants).Append(']');
                        }
                        else
                        {
                            if (@"\.^$|()+{}[]*?".IndexOf(part.Literal) >= 0)
                            {
                                regex.Append('\\');
                            }

                            regex.Append(part.Literal);
                        }

                        break;
                }
            }

            return regex.Append('$').ToString();
        }
    }
}
