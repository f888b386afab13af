using System;
using System.Collections.Generic;
using ApiKeyAdmin.Secrets;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    public sealed class KeyPolicyTests
    {
        // By description: xunit serialises theory data as UTF-8, which would turn a lone surrogate into U+FFFD before the test runs.
        private static readonly Dictionary<string, string> BadNames = new Dictionary<string, string>
        {
            ["null"] = null,
            ["empty"] = string.Empty,
            ["129 characters"] = new string('a', 129),
            ["leading space"] = " acme",
            ["trailing space"] = "acme ",
            ["leading tab"] = "\tacme",
            ["trailing no-break space"] = "acme\u00a0",
            ["control character BEL"] = "ac\u0007me",
            ["line feed"] = "ac\nme",
            ["NUL"] = "ac\0me",
            ["U+202E right-to-left override"] = "acme\u202egpj.exe",
            ["U+200B zero-width space"] = "ac\u200bme",
            ["U+200D zero-width joiner"] = "ac\u200dme",
            ["U+FEFF byte order mark"] = "\ufeffacme",
            ["lone high surrogate"] = "ac\ud800me",
            ["lone low surrogate"] = "acme\udc00",
        };

        public static TheoryData<string> BadAccountNames => new TheoryData<string>(BadNames.Keys);

        internal static string BadAccountName(string why) => BadNames[why];

        [Theory]
        [MemberData(nameof(BadAccountNames))]
        public void Bad_account_names_are_InvalidAccountName_naming_the_value(string why)
        {
            string name = BadAccountName(why);

            var ex = Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateAccount(name));

            Assert.True(ex.ErrorId == "InvalidAccountName", $"{why}: {ex.ErrorId}");
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(name, ex.Target);
        }

        [Theory]
        [InlineData("a")]
        [InlineData("acme")]
        [InlineData("Acme Corp")]
        [InlineData("x'); DROP TABLE keys;--")]
        [InlineData("Robert\"); DELETE FROM audit; --")]
        [InlineData("100% _off_ * ? [a-z]")]
        [InlineData("$(Remove-Item -Recurse /)")]
        [InlineData("Müller & Söhne")]
        [InlineData("東京")]
        [InlineData("\U0001F511 vault")]
        public void Names_that_only_look_dangerous_are_accepted(string name)
        {
            KeyPolicy.ValidateAccount(name);
        }

        [Fact]
        public void A_name_of_exactly_128_characters_is_accepted()
        {
            KeyPolicy.ValidateAccount(new string('a', 128));
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(1)]
        [InlineData(59)]
        [InlineData(7 * 24 * 3600 + 1)]
        [InlineData(30 * 24 * 3600)]
        public void Grace_below_zero_under_a_minute_or_over_7_days_is_InvalidGracePeriod(int seconds)
        {
            var ex = Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateGracePeriod(TimeSpan.FromSeconds(seconds)));

            Assert.Equal("InvalidGracePeriod", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(TimeSpan.FromSeconds(seconds), ex.Target);
        }

        [Fact]
        public void Grace_of_zero_of_one_minute_and_of_exactly_7_days_is_accepted()
        {
            KeyPolicy.ValidateGracePeriod(TimeSpan.Zero);
            KeyPolicy.ValidateGracePeriod(TimeSpan.FromMinutes(1));
            KeyPolicy.ValidateGracePeriod(TimeSpan.FromDays(7));
        }

        [Fact]
        public void Descriptions_with_hidden_characters_or_over_1024_characters_are_InvalidDescription()
        {
            KeyPolicy.ValidateDescription(null);
            KeyPolicy.ValidateDescription(new string('d', 1024));

            Assert.Equal("InvalidDescription", Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateDescription(new string('d', 1025))).ErrorId);
            Assert.Equal("InvalidDescription", Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateDescription("billing\u202e")).ErrorId);
        }

        [Theory]
        [InlineData("ops@example.com", true)]
        [InlineData("", true)]
        [InlineData(null, true)]
        [InlineData("ops", false)]
        [InlineData("@example.com", false)]
        [InlineData("ops@", false)]
        [InlineData("o@p@example.com", false)]
        [InlineData("o ps@example.com", false)]
        public void Email_addresses_are_checked_for_one_plausible_mailbox(string email, bool valid)
        {
            if (valid)
            {
                KeyPolicy.ValidateEmail(email);
            }
            else
            {
                Assert.Equal("InvalidEmail", Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateEmail(email)).ErrorId);
            }
        }

        [Fact]
        public void User_names_follow_the_account_rules_with_a_longer_limit()
        {
            KeyPolicy.ValidateUser(@"CONTOSO\alice");
            KeyPolicy.ValidateUser(new string('u', 256));

            Assert.Equal("InvalidUserName", Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateUser(new string('u', 257))).ErrorId);
            Assert.Equal("InvalidUserName", Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateUser("bob\u200b")).ErrorId);
        }

        [Fact]
        public void A_secret_as_a_name_description_or_address_is_SecretInWrongParameter_and_never_echoed()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);
            var attempts = new Dictionary<string, Action>
            {
                ["account"] = () => KeyPolicy.ValidateAccount(secret),
                ["user"] = () => KeyPolicy.ValidateUser(secret),
                ["app name"] = () => KeyPolicy.ValidateAppName(secret),
                ["description"] = () => KeyPolicy.ValidateDescription("CRM sync " + secret),
                ["e-mail address"] = () => KeyPolicy.ValidateEmail(secret + "@example.com"),
            };

            foreach (KeyValuePair<string, Action> attempt in attempts)
            {
                var ex = Assert.Throws<ApiKeyAdminException>(attempt.Value);

                Assert.True(ex.ErrorId == "SecretInWrongParameter", $"{attempt.Key}: {ex.ErrorId}");
                Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
                Assert.False(ex.Message.Contains(secret), $"{attempt.Key}: the message holds the secret");
                Assert.False((ex.Target as string ?? string.Empty).Contains(secret), $"{attempt.Key}: the target holds the secret");
            }
        }

        [Fact]
        public void A_name_is_stored_and_looked_up_in_NFC_and_compared_without_regard_to_ASCII_case()
        {
            const string decomposed = "Cafe\u0301";
            const string composed = "Caf\u00e9";

            Assert.Equal(composed, KeyPolicy.NormalizeName(decomposed));
            Assert.Same(composed, KeyPolicy.NormalizeName(composed));
            Assert.True(KeyPolicy.SameName(decomposed, "caf\u00e9"));
            // Compatibility forms and look-alikes from other scripts stay names of their own.
            Assert.False(KeyPolicy.SameName("\ufb01le", "file"));
            Assert.False(KeyPolicy.SameName("\u0430cme", "acme"));
            // A lone surrogate has no normal form: the name stays as given, for validation to refuse.
            Assert.Equal("ac\ud800me", KeyPolicy.NormalizeName("ac\ud800me"));
        }

        [Theory]
        [InlineData("key_missing")]
        [InlineData("' OR '1'='1")]
        [InlineData("key_0000000000000000%")]
        public void A_value_that_cannot_be_a_key_id_is_InvalidKeyId(string keyId)
        {
            var ex = Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateKeyId(keyId));

            Assert.Equal("InvalidKeyId", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        }

        [Fact]
        public void An_InvalidKeyId_of_a_megabyte_echoes_a_few_hundred_characters()
        {
            var ex = Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateKeyId(new string('k', 1024 * 1024)));

            Assert.True(ex.Message.Length < 500, $"the message has {ex.Message.Length} characters");
            Assert.True(((string)ex.Target).Length <= 200);
        }
    }
}
