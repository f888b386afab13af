using System.Security.Cryptography;
using ApiKeyAdmin.Secrets;
using Xunit;

namespace ApiKeyAdmin.Tests.Secrets
{
    public sealed class SecretProtectorTests
    {
        private readonly ProtectionKeys keys = new ProtectionKeys(RandomNumberGenerator.GetBytes(32));

        [Fact]
        public void A_protected_secret_comes_back_unchanged()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);

            byte[] blob = SecretProtector.Protect(keys, "key_a", secret);

            Assert.True(SecretProtector.Unprotect(keys, "key_a", blob) == secret, "the secret did not round-trip");
        }

        [Fact]
        public void The_same_secret_encrypts_differently_each_time()
        {
            string secret = KeyFormat.Generate(KeyKind.Standard);

            Assert.NotEqual(SecretProtector.Protect(keys, "key_a", secret), SecretProtector.Protect(keys, "key_a", secret));
        }

        [Fact]
        public void Any_altered_byte_makes_the_copy_unreadable()
        {
            byte[] blob = SecretProtector.Protect(keys, "key_a", KeyFormat.Generate(KeyKind.Standard));
            for (int i = 0; i < blob.Length; i++)
            {
                byte[] altered = (byte[])blob.Clone();
                altered[i] ^= 0x01;
                Assert.Null(SecretProtector.Unprotect(keys, "key_a", altered));
            }
        }

        [Fact]
        public void A_copy_moved_to_another_key_or_store_is_unreadable()
        {
            byte[] blob = SecretProtector.Protect(keys, "key_a", KeyFormat.Generate(KeyKind.Standard));

            Assert.Null(SecretProtector.Unprotect(keys, "key_b", blob));
            Assert.Null(SecretProtector.Unprotect(new ProtectionKeys(RandomNumberGenerator.GetBytes(32)), "key_a", blob));
            Assert.Null(SecretProtector.Unprotect(keys, "key_a", null));
            Assert.Null(SecretProtector.Unprotect(keys, "key_a", new byte[10]));
        }
    }
}
