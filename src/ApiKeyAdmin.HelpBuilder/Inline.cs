using System.Text;
using System.Text.RegularExpressions;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>
    /// Markdown inline markup as Get-Help shows text: links become their text, ** marks and backslash escapes go, and
    /// code spans stay as written, backticks included (wildcards such as * inside them are never markup).
    /// </summary>
    internal static class Inline
    {
        private static readonly Regex Link = new Regex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)", RegexOptions.CultureInvariant);
        private static readonly Regex Strong = new Regex(@"\*\*(?<text>[^*]+)\*\*", RegexOptions.CultureInvariant);
        private static readonly Regex Escape = new Regex(@"\\(?<c>[\\`*_{}\[\]()#+\-.!|<>])", RegexOptions.CultureInvariant);

        /// <summary>Plain text for help output.</summary>
        internal static string ToPlain(string markdown)
        {
            var text = new StringBuilder(markdown.Length);
            int i = 0;
            while (i < markdown.Length)
            {
                int open = markdown.IndexOf('`', i);
                int close = open < 0 ? -1 : markdown.IndexOf('`', open + 1);
                if (close < 0)
                {
                    text.Append(Plain(markdown.Substring(i)));
                    break;
                }

                text.Append(Plain(markdown.Substring(i, open - i))).Append(markdown, open, close - open + 1);
                i = close + 1;
            }

            return text.ToString();
        }

        private static string Plain(string segment)
        {
            string text = Link.Replace(segment, m => m.Groups["text"].Value);
            text = Strong.Replace(text, m => m.Groups["text"].Value);
            return Escape.Replace(text, m => m.Groups["c"].Value);
        }
    }
}
