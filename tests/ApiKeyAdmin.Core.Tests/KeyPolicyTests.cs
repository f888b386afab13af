using System;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    public sealed class KeyPolicyTests
    {
        public static TheoryData<string, string> BadAccountNames => new TheoryData<string, string>
        {
            { null, "null" },
            { string.Empty, "empty" },
            { new string('a', 129), "129 characters" },
            { " acme", "leading space" },
            { "acme ", "trailing space" },
            { "\tacme", "leading tab" },
            { "acme\u00a0", "trailing no-break space" },
            { "ac\u0007me", "control character BEL" },
            { "ac\nme", "line feed" },
            { "ac\0me", "NUL" },
            { "acme\u202egpj.exe", "U+202E right-to-left override" },
            { "ac\u200bme", "U+200B zero-width space" },
            { "ac\u200dme", "U+200D zero-width joiner" },
            { "\ufeffacme", "U+FEFF byte order mark" },
        };

        [Theory]
        [MemberData(nameof(BadAccountNames))]
        public void Bad_account_names_are_InvalidAccountName_naming_the_value(string name, string why)
        {
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
        [InlineData(7 * 24 * 3600 + 1)]
        [InlineData(30 * 24 * 3600)]
        public void Grace_below_zero_or_over_7_days_is_InvalidGracePeriod(int seconds)
        {
            var ex = Assert.Throws<ApiKeyAdminException>(() => KeyPolicy.ValidateGracePeriod(TimeSpan.FromSeconds(seconds)));

            Assert.Equal("InvalidGracePeriod", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(TimeSpan.FromSeconds(seconds), ex.Target);
        }

        [Fact]
        public void Grace_of_zero_and_of_exactly_7_days_is_accepted()
        {
            KeyPolicy.ValidateGracePeriod(TimeSpan.Zero);
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
    }
}
