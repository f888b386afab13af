using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Verification
{
    public sealed class KeyVerifierCacheTests : IDisposable
    {
        private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(200);

        private readonly LogTestStore store = new LogTestStore();

        public void Dispose() => store.Dispose();

        [Fact]
        public void A_rotation_made_through_another_manager_is_seen_once_the_change_check_interval_has_passed()
        {
            IssuedKey old = store.CreateKey("acme");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, ChangeCheckInterval = CheckInterval });
            Assert.Equal(VerificationReason.Valid, verifier.Verify(old.Secret).Reason);

            // Its own store object, so its own connection: for the verifier's connection this is another writer.
            IssuedKey replacement = store.NewManager(LogTestStore.Owner).RotateKey("acme", KeyKind.Standard, null, null);
            Thread.Sleep(CheckInterval + TimeSpan.FromMilliseconds(50));

            Assert.Equal(VerificationReason.Deactivated, verifier.Verify(old.Secret).Reason);
            VerificationResult fresh = verifier.Verify(replacement.Secret);
            Assert.True(fresh.IsValid);
            Assert.Equal(replacement.Key.KeyId, fresh.KeyId);
        }

        [Fact]
        public void A_deactivation_by_another_process_ends_a_cached_key_within_the_interval()
        {
            IssuedKey key = store.CreateKey("acme");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, ChangeCheckInterval = CheckInterval });
            Assert.True(verifier.Verify(key.Secret).IsValid);

            store.NewManager(LogTestStore.Owner).DisableKeys(null, KeyKind.Standard, key.Key.KeyId);

            Assert.True(LogTestStore.Eventually(() => verifier.Verify(key.Secret).Reason == VerificationReason.Deactivated, CheckInterval + TimeSpan.FromSeconds(2)));
        }

        [Fact]
        public void A_known_key_is_answered_from_memory_while_no_key_changes()
        {
            IssuedKey key = store.CreateKey("acme");
            var counting = new CountingKeyStore(store.NewStore());
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, ChangeCheckInterval = TimeSpan.Zero }, counting);

            for (int i = 0; i < 50; i++)
            {
                Assert.True(verifier.Verify(key.Secret, "GET", "/contacts").IsValid);
            }

            // Every verification wrote its call row through another connection; none of them made the cache drop the key.
            Assert.Equal(1, counting.FindKeyByHashCalls);
            Assert.Equal(50, store.Scalar("SELECT COUNT(*) FROM calls"));
        }

        [Fact]
        public void Malformed_keys_are_refused_without_reading_any_key_from_the_store()
        {
            IssuedKey key = store.CreateKey("acme");
            string secret = key.Secret;
            char last = secret[secret.Length - 1];
            string badChecksum = secret.Substring(0, secret.Length - 1) + (last == 'A' ? 'B' : 'A');
            string[] presented =
            {
                null, string.Empty, " ", "garbage", badChecksum, "akx_" + secret.Substring(4), secret + "0", secret.ToUpperInvariant(),
                new string('a', 100_000),
            };
            var counting = new CountingKeyStore(store.NewStore());
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false }, counting);

            VerificationReason[] reasons = presented.Select(p => verifier.Verify(p).Reason).ToArray();

            Assert.All(reasons, r => Assert.Equal(VerificationReason.Malformed, r));
            Assert.Equal(0, counting.FindKeyByHashCalls);
            Assert.Equal(presented.Length, store.Scalar("SELECT COUNT(*) FROM calls WHERE outcome = 1 AND account_id IS NULL"));
        }

        [Fact]
        public void A_call_with_an_unknown_key_is_logged_against_no_account_and_the_key_is_never_written()
        {
            store.CreateKey("acme");
            string unknown = KeyFormat.Generate(KeyKind.Standard);
            using (var verifier = new KeyVerifier(store.NewStore(), store.KeyFolder, new KeyVerifierOptions { Clock = store.Clock }))
            {
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(unknown, "GET", "/contacts", "198.51.100.1").Reason);
            }

            CallRecord call = Assert.Single(store.Manager.ReadCalls(new CallFilter(), CancellationToken.None));
            Assert.Equal((string.Empty, string.Empty, CallOutcome.Denied, VerificationReason.Unknown), (call.Account, call.KeyId, call.Outcome, call.Reason));
            Assert.NotEmpty(call.KeyFingerprint);
            Assert.DoesNotContain(call.KeyFingerprint, unknown);
            byte[] secretBytes = Encoding.UTF8.GetBytes(unknown.Substring(4, 20));
            foreach (string file in Directory.GetFiles(Path.GetDirectoryName(store.StorePath)))
            {
                Assert.False(Contains(File.ReadAllBytes(file), secretBytes), $"{Path.GetFileName(file)} holds the presented key");
            }
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j])
                {
                    j++;
                }

                if (j == needle.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
