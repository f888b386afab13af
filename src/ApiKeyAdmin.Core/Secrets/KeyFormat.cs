using System;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// The secret's text: a kind prefix, 43 random base62 characters (256 bits) and a 6-character base62 CRC-32 of
    /// everything before it, in the manner of GitHub's tokens. Secret scanners find leaked keys with
    /// <see cref="ScannerPattern"/>, and a typo or a forged string fails the checksum before any store is read.
    /// </summary>
    public static class KeyFormat
    {
        /// <summary>The regular expression that matches every ApiKeyAdmin secret, for secret scanners.</summary>
        public const string ScannerPattern = @"\bak[sdt]_[0-9A-Za-z]{49}\b";

        /// <summary>Random characters in a secret: 43 base62 characters carry 256 bits.</summary>
        public const int RandomLength = 43;

        /// <summary>Checksum characters at the end.</summary>
        public const int ChecksumLength = 6;

        private const int PrefixLength = 4;

        /// <summary>Length of every secret.</summary>
        public const int SecretLength = PrefixLength + RandomLength + ChecksumLength;

        /// <summary>The prefix of secrets of a kind.</summary>
        public static string PrefixOf(KeyKind kind) => kind == KeyKind.Developer ? "akd_" : kind == KeyKind.AppToken ? "akt_" : "aks_";

        /// <summary>Makes a new secret of a kind.</summary>
        public static string Generate(KeyKind kind)
        {
            string body = PrefixOf(kind) + Base62.Random(RandomLength);
            return body + Checksum(body, body.Length);
        }

        /// <summary>
        /// True when <paramref name="candidate"/> has the shape, a known prefix and a matching checksum; never throws.
        /// </summary>
        public static bool IsWellFormed(string candidate, out KeyKind kind)
        {
            if (!HasShape(candidate, out kind))
            {
                return false;
            }

            // Every request checks this, so the characters are checked and summed in one pass, and the checksum is compared
            // in place rather than by making its text (which also refuses any checksum character outside base62).
            int bodyLength = SecretLength - ChecksumLength;
            uint crc = Crc32.Initial;
            for (int i = 0; i < PrefixLength; i++)
            {
                crc = Crc32.Step(crc, candidate[i]);
            }

            for (int i = PrefixLength; i < bodyLength; i++)
            {
                char c = candidate[i];
                if (!Base62.IsDigit(c))
                {
                    return false;
                }

                crc = Crc32.Step(crc, c);
            }

            return Base62.Matches(candidate, bodyLength, Crc32.Final(crc), ChecksumLength);
        }

        /// <summary>True when <paramref name="candidate"/> has a secret's length and a known prefix: the checks that cost nothing.</summary>
        internal static bool HasShape(string candidate, out KeyKind kind)
        {
            kind = KeyKind.Standard;
            if (candidate == null || candidate.Length != SecretLength
                || candidate[0] != 'a' || candidate[1] != 'k' || candidate[3] != '_')
            {
                return false;
            }

            switch (candidate[2])
            {
                case 's': kind = KeyKind.Standard; return true;
                case 'd': kind = KeyKind.Developer; return true;
                case 't': kind = KeyKind.AppToken; return true;
                default: return false;
            }
        }

        /// <summary>The prefix and the last four characters, safe to show and log.</summary>
        public static string Mask(string secret) => secret.Substring(0, PrefixLength) + "..." + secret.Substring(secret.Length - 4);

        private static string Checksum(string text, int length) => Base62.Encode(Crc32.Compute(text, 0, length), ChecksumLength);

        /// <summary>How every key id starts.</summary>
        public const string KeyIdPrefix = "key_";

        /// <summary>Random base62 characters after <see cref="KeyIdPrefix"/>.</summary>
        public const int KeyIdRandomLength = 16;

        /// <summary>A new public key id: not derived from the secret, so publishing it reveals nothing.</summary>
        public static string NewKeyId() => KeyIdPrefix + Base62.Random(KeyIdRandomLength);

        /// <summary>True when <paramref name="candidate"/> has a key id's shape: the prefix and 16 base62 characters; never throws.</summary>
        public static bool IsKeyId(string candidate)
        {
            if (candidate == null || candidate.Length != KeyIdPrefix.Length + KeyIdRandomLength
                || !candidate.StartsWith(KeyIdPrefix, StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = KeyIdPrefix.Length; i < candidate.Length; i++)
            {
                if (!Base62.IsDigit(candidate[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True when <paramref name="text"/> holds a secret of this module's format anywhere in it (prefix and matching
        /// checksum), as a pasted secret inside a wildcard or a sentence would; never throws.
        /// </summary>
        public static bool ContainsSecret(string text)
        {
            if (text == null)
            {
                return false;
            }

            // Only a "ak?_" at a place with room for a whole secret is summed, so a long text costs one cheap pass.
            for (int i = 0; i + SecretLength <= text.Length; i++)
            {
                if (text[i] == 'a' && text[i + 1] == 'k' && text[i + 3] == '_' && IsWellFormed(text.Substring(i, SecretLength), out _))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
