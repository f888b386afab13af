using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Text;
using Xunit;

namespace ApiKeyAdmin.Tests.Text
{
    public sealed class SafeTextTests
    {
        [Theory]
        [InlineData("\u001b]0;pwned\u0007", "\\u001B]0;pwned\\u0007")]
        [InlineData("1.2.3.4\u001b[31m", "1.2.3.4\\u001B[31m")]
        [InlineData("a\0b\tc\nd\re", "a\\u0000b\\u0009c\\u000Ad\\u000De")]
        [InlineData("del\u007f c1\u0080\u009b\u009f", "del\\u007F c1\\u0080\\u009B\\u009F")]
        public void Every_C0_DEL_and_C1_control_character_is_written_as_a_visible_escape(string raw, string shown)
        {
            Assert.Equal(shown, SafeText.Escape(raw));
        }

        [Theory]
        [InlineData("/crm/v3/objects/contacts?limit=10")]
        [InlineData("DOMAIN\\user")]
        [InlineData("Müller & Söhne 東京 \U0001F511 \u00a0\u00ff")]
        public void Text_without_control_characters_is_the_same_string(string text)
        {
            Assert.Same(text, SafeText.Escape(text));
        }

        [Fact]
        public void A_value_over_its_cap_is_cut_to_the_cap_and_ends_with_the_marker()
        {
            string capped = SafeText.Cap(new string('p', 1024 * 1024), 2048);

            Assert.Equal(2048, capped.Length);
            Assert.EndsWith(SafeText.CutMarker, capped);
            Assert.Equal("GET", SafeText.Cap("GET", 16));
        }

        [Fact]
        public void Escapes_count_towards_the_cap_and_a_megabyte_of_controls_is_cut_first()
        {
            string capped = SafeText.Cap(new string('\u001b', 1024 * 1024), 64);

            Assert.Equal(64, capped.Length);
            Assert.StartsWith("\\u001B\\u001B", capped);
            Assert.EndsWith(SafeText.CutMarker, capped);
            Assert.DoesNotContain('\u001b', capped);
        }

        [Fact]
        public void A_cut_never_splits_a_surrogate_pair()
        {
            string capped = SafeText.Cap(new string('a', 9) + "\U0001F511\U0001F511\U0001F511", 16);

            Assert.True(capped.Length <= 16);
            Assert.False(char.IsHighSurrogate(capped[capped.Length - SafeText.CutMarker.Length - 1]));
        }

        [Fact]
        public void An_echo_of_user_input_is_cut_to_a_readable_length()
        {
            Assert.Equal(SafeText.EchoLength, SafeText.Echo(new string('k', 1024 * 1024)).Length);
        }

        [Fact]
        public void An_echo_never_shows_a_secret_whatever_surrounds_it()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);

            Assert.False(SafeText.Echo("[" + secret + "]").Contains(secret.Substring(4, 20)), "the echo shows the secret");
        }
    }
}
