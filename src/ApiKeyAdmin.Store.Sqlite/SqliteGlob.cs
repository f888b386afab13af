using System.Text;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// A <see cref="PathPattern"/> as a SQL GLOB pattern, which is case-sensitive: each letter becomes a class of both
    /// cases, and the characters GLOB reads as wildcards become classes of themselves.
    /// </summary>
    internal static class SqliteGlob
    {
        internal static string From(PathPattern pattern)
        {
            var glob = new StringBuilder(pattern.Parts.Count * 4);
            foreach (PathPatternPart part in pattern.Parts)
            {
                switch (part.Kind)
                {
                    case PathPatternPartKind.AnyRun:
                        glob.Append('*');
                        break;
                    case PathPatternPartKind.AnyOne:
                        glob.Append('?');
                        break;
                    case PathPatternPartKind.Set:
                        glob.Append('[').Append(part.Set).Append(']');
                        break;
                    default:
                        string variants = PathPattern.CaseVariants(part.Literal);
                        if (variants.Length > 1 || "*?[".IndexOf(part.Literal) >= 0)
                        {
                            glob.Append('[').Append(variants).Append(']');
                        }
                        else
                        {
                            glob.Append(part.Literal);
                        }

                        break;
                }
            }

            return glob.ToString();
        }
    }
}
