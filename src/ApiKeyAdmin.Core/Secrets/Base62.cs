using System.Security.Cryptography;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>Base62 text for secrets and ids: letters and digits only, so keys survive copy, paste and URLs.</summary>
    internal static class Base62
    {
        internal const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        private static readonly bool[] IsDigitTable = BuildDigitTable();

        /// <summary>Uniformly random base62 characters, by rejection sampling so that no character is favoured.</summary>
        internal static string Random(int length)
        {
            var chars = new char[length];
            var buffer = new byte[length * 2];
            int filled = 0;
            using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
            {
                while (filled < length)
                {
                    rng.GetBytes(buffer);
                    foreach (byte b in buffer)
                    {
                        // 248 = 4 × 62: bytes above it would bias the first characters.
                        if (b < 248)
                        {
                            chars[filled++] = Alphabet[b % 62];
                            if (filled == length)
                            {
                                break;
                            }
                        }
                    }
                }
            }

            return new string(chars);
        }

        /// <summary>A number written in a fixed number of base62 digits, most significant first.</summary>
        internal static string Encode(uint value, int digits)
        {
            var chars = new char[digits];
            for (int i = digits - 1; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(value % 62)];
                value /= 62;
            }

            return new string(chars);
        }

        /// <summary>
        /// True when the <paramref name="digits"/> characters at <paramref name="start"/> are <see cref="Encode"/>'s text of
        /// <paramref name="value"/>; compares digit by digit without making that text.
        /// </summary>
        internal static bool Matches(string text, int start, uint value, int digits)
        {
            for (int i = start + digits - 1; i >= start; i--)
            {
                if (text[i] != Alphabet[(int)(value % 62)])
                {
                    return false;
                }

                value /= 62;
            }

            return true;
        }

        // A table rather than three range tests: in random text which test succeeds is unpredictable, and the
        // mispredicted branches cost more than the format check's checksum.
        internal static bool IsDigit(char c) => c < 128 && IsDigitTable[c];

        private static bool[] BuildDigitTable()
        {
            var table = new bool[128];
            foreach (char c in Alphabet)
            {
                table[c] = true;
            }

            return table;
        }
    }
}
