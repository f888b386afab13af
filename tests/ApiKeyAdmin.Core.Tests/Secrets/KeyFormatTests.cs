using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ApiKeyAdmin.Secrets;
using Xunit;

namespace ApiKeyAdmin.Tests.Secrets
{
    // Secrets never go into assertion messages: xunit prints both sides of Assert.Equal, Matches and StartsWith.
    public sealed class KeyFormatTests
    {
        private const string Base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        [Theory]
        [InlineData(KeyKind.Standard, "aks_")]
        [InlineData(KeyKind.Developer, "akd_")]
        public void Generated_key_has_its_kind_prefix_the_fixed_length_and_a_valid_checksum(KeyKind kind, string prefix)
        {
            string secret = KeyFormat.Generate(kind);

            Assert.True(secret.StartsWith(prefix, System.StringComparison.Ordinal), "the secret does not start with its kind's prefix");
            Assert.Equal(53, secret.Length);
            Assert.Equal(KeyFormat.SecretLength, secret.Length);
            Assert.True(secret.Skip(4).All(c => Base62Alphabet.IndexOf(c) >= 0), "the secret holds a character outside base62");
            Assert.True(KeyFormat.IsWellFormed(secret, out KeyKind parsed), "a generated secret is not well formed");
            Assert.Equal(kind, parsed);
        }

        [Fact]
        public void Generated_keys_and_key_ids_do_not_repeat()
        {
            var secrets = new HashSet<string>();
            var ids = new HashSet<string>();
            for (int i = 0; i < 2000; i++)
            {
                Assert.True(secrets.Add(KeyFormat.Generate(KeyKind.Standard)), "a secret repeated");
                Assert.True(ids.Add(KeyFormat.NewKeyId()), "a key id repeated");
            }
        }

        [Fact]
        public void Every_one_character_typo_fails_IsWellFormed()
        {
            foreach (KeyKind kind in new[] { KeyKind.Standard, KeyKind.Developer })
            {
                string secret = KeyFormat.Generate(kind);
                int checkedTypos = 0;
                for (int position = 0; position < secret.Length; position++)
                {
                    foreach (char replacement in Base62Alphabet + "_-")
                    {
                        if (replacement == secret[position])
                        {
                            continue;
                        }

                        char[] typo = secret.ToCharArray();
                        typo[position] = replacement;
                        Assert.False(KeyFormat.IsWellFormed(new string(typo), out _), $"a typo at position {position} was accepted");
                        checkedTypos++;
                    }
                }

                Assert.Equal(53 * 63, checkedTypos);
            }
        }

        [Fact]
        public void Swapping_two_neighbouring_characters_fails_IsWellFormed()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);
            for (int i = 4; i < secret.Length - 1; i++)
            {
                if (secret[i] == secret[i + 1])
                {
                    continue;
                }

                char[] swapped = secret.ToCharArray();
                (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                Assert.False(KeyFormat.IsWellFormed(new string(swapped), out _), $"a transposition at position {i} was accepted");
            }
        }

        [Fact]
        public void Keys_are_case_sensitive()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);

            Assert.False(KeyFormat.IsWellFormed(secret.ToUpperInvariant(), out _));
            Assert.False(KeyFormat.IsWellFormed(secret.ToLowerInvariant(), out _));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("aks_")]
        [InlineData("akx_0000000000000000000000000000000000000000000000000")]
        [InlineData("aks-0000000000000000000000000000000000000000000000000")]
        [InlineData("aks_000000000000000000000000000000000000000000000000\u00e9")]
        [InlineData("aks_000000000000000000000000000000000000000000000000\0")]
        [InlineData("' OR 1=1 --")]
        public void Malformed_strings_are_rejected_without_throwing(string candidate)
        {
            Assert.False(KeyFormat.IsWellFormed(candidate, out _));
        }

        [Fact]
        public void A_well_formed_secret_with_surrounding_white_space_is_rejected()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);

            Assert.False(KeyFormat.IsWellFormed(" " + secret, out _));
            Assert.False(KeyFormat.IsWellFormed(secret + "\n", out _));
        }

        [Fact]
        public void Scanner_pattern_finds_generated_keys_in_text()
        {
            var pattern = new Regex(KeyFormat.ScannerPattern);
            string standard = KeyFormat.Generate(KeyKind.Standard);
            string developer = KeyFormat.Generate(KeyKind.Developer);
            string leaked = $"export API_KEY=\"{standard}\"\ncurl -H 'Authorization: Bearer {developer}' https://example.test/";

            string[] found = pattern.Matches(leaked).Cast<Match>().Select(m => m.Value).ToArray();

            Assert.Equal(2, found.Length);
            Assert.True(found[0] == standard && found[1] == developer, "the scanner pattern did not match the keys exactly");
        }

        [Fact]
        public void Scanner_pattern_ignores_strings_that_are_not_keys()
        {
            var pattern = new Regex(KeyFormat.ScannerPattern);
            string secret = KeyFormat.Generate(KeyKind.Standard);

            Assert.False(pattern.IsMatch(secret.Substring(0, secret.Length - 1)), "a key one character short matched");
            Assert.False(pattern.IsMatch(secret + "x"), "a longer word matched");
            Assert.False(pattern.IsMatch("x" + secret), "a key glued to a word matched");
            Assert.False(pattern.IsMatch("akx_" + secret.Substring(4)), "an unknown prefix matched");
        }

        [Fact]
        public void Mask_shows_the_prefix_and_the_last_four_characters_only()
        {
            string secret = KeyFormat.Generate(KeyKind.Developer);

            string masked = KeyFormat.Mask(secret);

            Assert.True(masked == "akd_..." + secret.Substring(49), "the mask is not prefix, dots and last four");
            Assert.Equal(11, masked.Length);
        }

        [Fact]
        public void Key_ids_are_public_looking_and_not_secrets()
        {
            string id = KeyFormat.NewKeyId();

            Assert.Matches("^key_[0-9A-Za-z]{16}$", id);
            Assert.False(KeyFormat.IsWellFormed(id, out _));
        }

        [Theory]
        [InlineData(KeyKind.Standard)]
        [InlineData(KeyKind.Developer)]
        [InlineData(KeyKind.AppToken)]
        public void A_secret_is_found_alone_and_inside_other_text(KeyKind kind)
        {
            string secret = KeyFormat.Generate(kind);

            Assert.True(KeyFormat.ContainsSecret(secret), "a secret alone was not found");
            Assert.True(KeyFormat.ContainsSecret("[" + secret), "a secret after a wildcard bracket was not found");
            Assert.True(KeyFormat.ContainsSecret("my key is " + secret + ", use it"), "a secret inside a sentence was not found");
        }

        [Fact]
        public void Text_that_only_looks_like_a_secret_is_not_one()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);
            string badChecksum = secret.Substring(0, secret.Length - 1) + (secret[secret.Length - 1] == 'A' ? 'B' : 'A');

            Assert.False(KeyFormat.ContainsSecret(badChecksum), "a secret with a wrong checksum counted as one");
            Assert.False(KeyFormat.ContainsSecret(secret.Substring(1)), "a cut secret counted as one");
            Assert.False(KeyFormat.ContainsSecret(null));
            Assert.False(KeyFormat.ContainsSecret(new string('k', 1024 * 1024)));
            Assert.False(KeyFormat.ContainsSecret("aks_" + new string('a', 1024 * 1024)));
        }

        [Fact]
        public void A_key_id_is_its_prefix_and_sixteen_base62_characters()
        {
            Assert.True(KeyFormat.IsKeyId(KeyFormat.NewKeyId()));
            Assert.True(KeyFormat.IsKeyId("key_0000000000000000"));
            foreach (string notAnId in new[] { null, string.Empty, "key_", "key_missing", "key_00000000000000000", "KEY_0000000000000000", "key_000000000000000%", new string('k', 1024 * 1024) })
            {
                Assert.False(KeyFormat.IsKeyId(notAnId));
            }
        }
    }
}
