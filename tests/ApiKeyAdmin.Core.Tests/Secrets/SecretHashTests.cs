using System.Security.Cryptography;
using System.Text;
using ApiKeyAdmin.Secrets;
using Xunit;

namespace ApiKeyAdmin.Tests.Secrets
{
    public sealed class SecretHashTests
    {
        [Fact]
        public void The_hash_is_SHA_256_of_the_ASCII_bytes_on_both_the_one_shot_and_the_Windows_PowerShell_path()
        {
            foreach (string secret in new[] { KeyFormat.Generate(KeyKind.Standard), KeyFormat.Generate(KeyKind.AppToken), "short", new string('x', 300) })
            {
                byte[] bytes = Encoding.ASCII.GetBytes(secret);
                byte[] expected = SHA256.HashData(bytes);
                var viaInstance = new byte[32];

                SecretHash.HashWithInstance(bytes, bytes.Length, viaInstance);

                Assert.Equal(expected, SecretHash.Compute(secret));
                Assert.Equal(expected, viaInstance);
            }
        }

        [Fact]
        public void A_reused_buffer_is_overwritten_whole_by_a_shorter_secret_after_a_longer_one()
        {
            string longer = new string('y', 500);
            SecretHash.Compute(longer);

            Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes("abc")), SecretHash.Compute("abc"));
        }
    }
}
