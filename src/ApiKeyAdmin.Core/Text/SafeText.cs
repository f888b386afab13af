using System.Text;
using ApiKeyAdmin.Secrets;

namespace ApiKeyAdmin.Text
{
    /// <summary>
    /// The one rule for free text that reaches an admin's console (call rows, descriptions, e-mail addresses, audit
    /// details, echoed input in messages): no control character (C0, DEL, C1) is ever kept or shown raw, so a caller
    /// cannot retitle or recolour a terminal. Each one becomes a visible escape (ESC is <c>\u001B</c>), so a debugger
    /// still sees what came in. Backslashes are kept as they are: the escape is for reading, not for decoding back.
    /// </summary>
    internal static class SafeText
    {
        /// <summary>What marks a value cut at its cap: the text ends with it, after the kept characters.</summary>
        internal const string CutMarker = "…[cut]";

        /// <summary>The most characters of user input a message echoes.</summary>
        internal const int EchoLength = 200;

        /// <summary>
        /// The text with every control character written as <c>\uXXXX</c>; the same string when it holds none, which
        /// costs one pass and no allocation (the verifier calls this on every request).
        /// </summary>
        internal static string Escape(string text)
        {
            if (text == null)
            {
                return null;
            }

            int first = FirstControl(text);
            if (first < 0)
            {
                return text;
            }

            var escaped = new StringBuilder(text.Length + 16);
            escaped.Append(text, 0, first);
            for (int i = first; i < text.Length; i++)
            {
                char c = text[i];
                if (IsControl(c))
                {
                    escaped.Append("\\u").Append(((int)c).ToString("X4"));
                }
                else
                {
                    escaped.Append(c);
                }
            }

            return escaped.ToString();
        }

        /// <summary>
        /// The text escaped and, when longer than <paramref name="maxLength"/>, cut so that it and <see cref="CutMarker"/>
        /// fit in it; a surrogate pair is never split.
        /// </summary>
        internal static string Cap(string text, int maxLength)
        {
            if (text == null)
            {
                return null;
            }

            // Cut before escaping too, so that a megabyte of control characters is not first grown to six megabytes.
            string escaped = Escape(text.Length > maxLength ? text.Substring(0, maxLength) : text);
            if (text.Length <= maxLength && escaped.Length <= maxLength)
            {
                return escaped;
            }

            int keep = maxLength - CutMarker.Length;
            if (keep > 0 && char.IsHighSurrogate(escaped[keep - 1]))
            {
                keep--;
            }

            return escaped.Substring(0, keep) + CutMarker;
        }

        /// <summary>
        /// User input as a message may echo it: escaped and cut to <see cref="EchoLength"/>, and never a secret of the
        /// module's format, whatever path the input took to the message.
        /// </summary>
        internal static string Echo(string text) => KeyFormat.ContainsSecret(text) ? "(a secret, not shown)" : Cap(text, EchoLength);

        /// <summary>C0 (U+0000 to U+001F), DEL (U+007F) and C1 (U+0080 to U+009F): what a terminal may act on.</summary>
        internal static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F);

        private static int FirstControl(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (IsControl(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
