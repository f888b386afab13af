using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// Strings an attacker, a broken client or a clumsy user presents as API keys, made from a real key so that they
    /// come close to it: truncated, extended, wrong prefixes and checksums, one-character typos and swaps, Unicode
    /// look-alikes, NULs, white space, invisible characters, SQL, and plain random text. None of them is a key; every
    /// one fails the format or the checksum. Pure C#, so that the module tests compile it too.
    /// </summary>
    internal static class HostileStrings
    {
        private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        private const int PrefixLength = 4;
        private const int ChecksumLength = 6;

        /// <summary>One mebibyte of text: far past any length a key has.</summary>
        internal const int Huge = 1 << 20;

        // Look-alikes: Cyrillic letters that render as Latin ones.
        private static readonly Dictionary<char, char> Cyrillic = new Dictionary<char, char>
        {
            ['a'] = '\u0430', ['c'] = '\u0441', ['e'] = '\u0435', ['o'] = '\u043E', ['p'] = '\u0440', ['x'] = '\u0445', ['y'] = '\u0443',
            ['A'] = '\u0410', ['B'] = '\u0412', ['C'] = '\u0421', ['E'] = '\u0415', ['H'] = '\u041D', ['K'] = '\u041A', ['M'] = '\u041C',
            ['O'] = '\u041E', ['P'] = '\u0420', ['T'] = '\u0422', ['X'] = '\u0425',
        };

        private static readonly string[] Invisible = { "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u202E", "\u200F", "\u00AD", "\u034F" };

        private static readonly string[] Spaces = { " ", "\t", "\n", "\r\n", "\u00A0", "\u2028", "\u3000", "\v", "\f" };

        private static readonly string[] Injections =
        {
            "' OR '1'='1", "' OR 1=1 --", "\"; DROP TABLE keys; --", "%", "_", "*", "?", "[a-z]", "\\", "$(whoami)", "`id`", "{0}", "%s%n",
        };

        /// <summary>The strings that must be refused however short or long: empty, white space, NULs, and 1 MiB ones.</summary>
        internal static IEnumerable<string> Specials(string key)
        {
            yield return null;
            yield return string.Empty;
            yield return " ";
            yield return "\0";
            yield return new string('\0', key.Length);
            yield return new string('a', key.Length);
            yield return key.Substring(0, PrefixLength) + new string('0', key.Length - PrefixLength);
            yield return key.Substring(0, PrefixLength);
            yield return key + "\0";
            yield return "\0" + key;
            yield return key.ToUpperInvariant();
            yield return key.ToLowerInvariant();
            yield return key + key;
            yield return new string('a', Huge);
            yield return key + new string('a', Huge - key.Length);
            yield return new string('\0', Huge);
            yield return string.Concat(Enumerable.Repeat(key, Huge / key.Length));
        }

        /// <summary>
        /// <paramref name="count"/> mutations and random strings, made deterministically from <paramref name="seed"/>;
        /// <paramref name="others"/> are more real keys to mix parts of.
        /// </summary>
        internal static IEnumerable<string> Mutations(string key, int count, int seed, params string[] others)
        {
            var random = new Random(seed);
            for (int i = 0; i < count; i++)
            {
                yield return Mutate(key, others, random, i % 18);
            }
        }

        private static string Mutate(string key, string[] others, Random random, int category)
        {
            int body = PrefixLength + random.Next(key.Length - PrefixLength);
            switch (category)
            {
                case 0:
                    return key.Substring(0, random.Next(key.Length));
                case 1:
                    return key + RandomText(random, 1 + random.Next(20), Base62);
                case 2:
                {
                    string prefix;
                    do
                    {
                        prefix = RandomText(random, PrefixLength, "akdsxAKDS_-. 0");
                    }
                    while (prefix == key.Substring(0, PrefixLength));

                    return prefix + key.Substring(PrefixLength);
                }

                case 3:
                {
                    // A checksum that is not this body's.
                    string checksum;
                    do
                    {
                        checksum = RandomText(random, ChecksumLength, Base62);
                    }
                    while (checksum == key.Substring(key.Length - ChecksumLength));

                    return key.Substring(0, key.Length - ChecksumLength) + checksum;
                }

                case 4:
                {
                    char replacement;
                    do
                    {
                        replacement = Base62[random.Next(Base62.Length)];
                    }
                    while (replacement == key[body]);

                    return Replace(key, body, replacement.ToString());
                }

                case 5:
                {
                    int at = PrefixLength + random.Next(key.Length - PrefixLength - 1);
                    if (key[at] == key[at + 1])
                    {
                        return key.Remove(at, 1);
                    }

                    char[] swapped = key.ToCharArray();
                    (swapped[at], swapped[at + 1]) = (swapped[at + 1], swapped[at]);
                    return new string(swapped);
                }

                case 6:
                {
                    int letter = Enumerable.Range(PrefixLength, key.Length - PrefixLength).Where(p => char.IsLetter(key[p])).OrderBy(_ => random.Next()).First();
                    char c = key[letter];
                    return Replace(key, letter, (char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToString());
                }

                case 7:
                {
                    // A Cyrillic look-alike where the key has one, else a full-width form (every base62 character has one).
                    int[] lookAlikes = Enumerable.Range(0, key.Length).Where(p => Cyrillic.ContainsKey(key[p])).ToArray();
                    if (lookAlikes.Length > 0 && random.Next(2) == 0)
                    {
                        int at = lookAlikes[random.Next(lookAlikes.Length)];
                        return Replace(key, at, Cyrillic[key[at]].ToString());
                    }

                    return Replace(key, body, ((char)(key[body] + 0xFEE0)).ToString());
                }

                case 8:
                    return key.Insert(random.Next(key.Length + 1), "\0");
                case 9:
                    return Replace(key, random.Next(key.Length), "\0");
                case 10:
                {
                    string space = Spaces[random.Next(Spaces.Length)];
                    switch (random.Next(3))
                    {
                        case 0: return space + key;
                        case 1: return key + space;
                        default: return key.Insert(random.Next(1, key.Length), space);
                    }
                }

                case 11:
                    return key.Insert(random.Next(key.Length + 1), Invisible[random.Next(Invisible.Length)]);
                case 12:
                    // A combining mark after a character, or the key in a form Unicode normalisation would change.
                    return random.Next(2) == 0 ? key.Insert(random.Next(1, key.Length + 1), "\u0301") : key.Normalize(NormalizationForm.FormD) + "\u0308";
                case 13:
                    return Injections[random.Next(Injections.Length)] + (random.Next(2) == 0 ? key : string.Empty);
                case 14:
                    return RandomText(random, random.Next(120), null);
                case 15:
                    return RandomText(random, random.Next(80), " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + Base62);
                case 16:
                {
                    // Parts of two real keys: each half is right, the whole is not.
                    string other = others.Length > 0 ? others[random.Next(others.Length)] : key;
                    int cut = PrefixLength + 1 + random.Next(key.Length - PrefixLength - ChecksumLength - 1);
                    string spliced = key.Substring(0, cut) + other.Substring(cut);
                    return spliced == key || spliced == other ? key.Substring(1) : spliced;
                }

                default:
                    // The right shape and a random body: only the checksum stands in the way.
                    return key.Substring(0, PrefixLength) + RandomText(random, key.Length - PrefixLength, Base62);
            }
        }

        private static string Replace(string text, int at, string with) => text.Substring(0, at) + with + text.Substring(at + 1);

        // Random characters from an alphabet, or any UTF-16 code unit (lone surrogates included) when it is null.
        private static string RandomText(Random random, int length, string alphabet)
        {
            var text = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                text.Append(alphabet == null ? (char)random.Next(0x10000) : alphabet[random.Next(alphabet.Length)]);
            }

            return text.ToString();
        }
    }
}
