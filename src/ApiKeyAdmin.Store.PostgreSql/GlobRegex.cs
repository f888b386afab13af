using System.Text;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// PostgreSQL has no GLOB, so the call filter's GLOB pattern (made by PathPattern) becomes an anchored POSIX regular
    /// expression with the same meaning: <c>*</c>, <c>?</c> and bracket classes, everything else literal and case-sensitive.
    /// </summary>
    internal static class GlobRegex
    {
        internal static string FromGlob(string glob)
        {
            var regex = new StringBuilder("^", glob.Length * 2 + 2);
            for (int i = 0; i < glob.Length; i++)
            {
                char c = glob[i];
                switch (c)
                {
                    case '*':
                        regex.Append(".*");
                        break;
                    case '?':
                        regex.Append('.');
                        break;
                    case '[':
                        int close = glob.IndexOf(']', i + 2);
                        if (close < 0)
                        {
                            regex.Append(@"\[");
                            break;
                        }

                        regex.Append('[');
                        for (int j = i + 1; j < close; j++)
                        {
                            // Inside a bracket only the backslash is special to an advanced regular expression beyond GLOB's own syntax.
                            if (glob[j] == '\\')
                            {
                                regex.Append('\\');
                            }

                            regex.Append(glob[j]);
                        }

                        regex.Append(']');
                        i = close;
                        break;
                    default:
                        if (@"\.^$|()+{}]".IndexOf(c) >= 0)
                        {
                            regex.Append('\\');
                        }

                        regex.Append(c);
                        break;
                }
            }

            return regex.Append('$').ToString();
        }
    }
}
