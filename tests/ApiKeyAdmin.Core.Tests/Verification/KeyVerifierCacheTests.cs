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
    public abstract class KeyVerifierCacheTests : IDisposable
    {
        private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

        private readonly LogTestStore store;

        protected KeyVerifierCacheTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void A_rotation_made_through_another_manager_is_seen_once_the_change_check_interval_has_passed()
        {
            IssuedKey old = store.CreateKey("acme");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, ChangeCheckInterval = CheckInterval });
            Assert.Equal(VerificationReason.Valid, verifier.Verify(old.Secret).Reason);

            // Its own store object, so its own connection: for the verifier's connection this is another writer.
            IssuedKey replacement = store.NewManager(LogTestStore.Owner).Keys.Rotate("acme", KeyKind.Standard, null, null);
            Thread.Sleep(CheckInterval + TimeSpan.FromMilliseconds(50));

            Assert.Equal(VerificationReason.Deactivated, verifier.Verify(old.Secret).Reason);
            VerificationResult fresh = verifier.Verify(replacement.Secret);
            Assert.True(fresh.IsValid);
            Assert.Equal(replacement.Key.KeyId, fresh.KeyId);
        }

        [SkippableFact]
        public void A_deactivation_by_another_process_ends_a_cached_key_within_the_interval()
        {
            IssuedKey key = store.CreateKey("acme");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, ChangeCheckInterval = CheckInterval });
            Assert.True(verifier.Verify(key.Secret).IsValid);

            store.NewManager(LogTestStore.Owner).Keys.Disable(null, KeyKind.Standard, key.Key.KeyId);

            Assert.True(LogTestStore.Eventually(() => verifier.Verify(key.Secret).Reason == VerificationReason.Deactivated, CheckInterval + TimeSpan.FromSeconds(2)));
        }

        [SkippableFact]
        public void A_known_key_is_answered_from_memory_while_no_key_changes()
        {
            IssuedKey key = store.CreateKey("acme");
            var counting = new CountingKeyStore(store.NewStore());
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, ChangeCheckInterval = TimeSpan.FromMilliseconds(5) }, counting);

            for (int i = 0; i < 50; i++)
            {
                Assert.True(verifier.Verify(key.Secret, "GET", "/contacts").IsValid);
            }

            // Every verification wrote its call row through another connection; none of them made the cache drop the key.
            Assert.Equal(1, counting.FindKeyByHashCalls);
            Assert.Equal(50, store.Count("SELECT COUNT(*) FROM calls"));
        }

        [SkippableFact]
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
            Assert.Equal(presented.Length, store.Count("SELECT COUNT(*) FROM calls WHERE outcome = 1 AND account_id IS NULL"));
        }

        [SkippableFact]
        public void A_call_with_an_unknown_key_is_logged_against_no_account_and_the_key_is_never_written()
        {
            store.CreateKey("acme");
            string unknown = KeyFormat.Generate(KeyKind.Standard);
            using (var verifier = new KeyVerifier(store.NewStore(), store.KeyFolder, new KeyVerifierOptions { Clock = store.Clock }))
            {
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(unknown, "GET", "/contacts", "198.51.100.1").Reason);
            }

            CallRecord call = Assert.Single(store.Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None));
            Assert.Equal((string.Empty, string.Empty, CallOutcome.Denied, VerificationReason.Unknown), (call.Account, call.KeyId, call.Outcome, call.Reason));
            Assert.NotEmpty(call.KeyFingerprint);
            Assert.DoesNotContain(call.KeyFingerprint, unknown);
            byte[] secretBytes = Encoding.UTF8.GetBytes(unknown.Substring(4, 20));
            foreach (string file in Directory.GetFiles(store.Folder, "*", SearchOption.AllDirectories))
            {
                Assert.False(Contains(File.ReadAllBytes(file), secretBytes), $"{Path.GetFileName(file)} holds the presented key");
            }
        }

        [SkippableFact]
        public void While_the_store_is_unreachable_a_key_in_memory_verifies_for_the_tolerance_and_then_is_refused()
        {
            IssuedKey key = store.CreateKey("acme");
            var outage = new CountingKeyStore(store.NewStore());
            KeyVerifier verifier = store.NewVerifier(Options(), outage);
            Assert.True(verifier.Verify(key.Secret).IsValid);

            outage.Unreachable = true;
            var sinceOutage = System.Diagnostics.Stopwatch.StartNew();
            Assert.True(LogTestStore.Eventually(() => verifier.LastStoreError != null, CheckInterval + TimeSpan.FromSeconds(2)));
            VerificationResult during = verifier.Verify(key.Secret);
            bool stillWithinTolerance = sinceOutage.Elapsed < Tolerance;

            Assert.True(!stillWithinTolerance || during.IsValid, "a cached key was refused inside the tolerance");
            Assert.True(LogTestStore.Eventually(() => verifier.Verify(key.Secret).Reason == VerificationReason.StoreUnavailable, Tolerance + CheckInterval + TimeSpan.FromSeconds(2)));
            Assert.True(sinceOutage.Elapsed >= Tolerance - CheckInterval, $"refused after {sinceOutage.Elapsed}, before the tolerance of {Tolerance}");
            Assert.Contains("Connection refused", verifier.LastStoreError.Message);

            outage.Unreachable = false;
            Assert.True(LogTestStore.Eventually(() => verifier.Verify(key.Secret).IsValid, CheckInterval + TimeSpan.FromSeconds(2)));
        }

        [SkippableFact]
        public void While_the_store_is_unreachable_a_key_not_in_memory_is_refused_at_once_without_an_exception()
        {
            IssuedKey known = store.CreateKey("acme");
            IssuedKey other = store.CreateKey("globex");
            var outage = new CountingKeyStore(store.NewStore());
            KeyVerifier verifier = store.NewVerifier(Options(), outage);
            Assert.True(verifier.Verify(known.Secret).IsValid);

            outage.Unreachable = true;
            Assert.True(LogTestStore.Eventually(() => verifier.LastStoreError != null, CheckInterval + TimeSpan.FromSeconds(2)));
            int lookups = outage.FindKeyByHashCalls;

            Assert.Equal(VerificationReason.StoreUnavailable, verifier.Verify(other.Secret).Reason);
            Assert.Equal(VerificationReason.Malformed, verifier.Verify("garbage").Reason);
            Assert.Equal(lookups, outage.FindKeyByHashCalls);
            Assert.True(verifier.Verify(known.Secret).IsValid);
        }

        [SkippableFact]
        public void A_key_known_to_be_deactivated_stays_refused_while_the_store_is_unreachable()
        {
            IssuedKey key = store.CreateKey("acme");
            var outage = new CountingKeyStore(store.NewStore());
            KeyVerifier verifier = store.NewVerifier(Options(), outage);
            Assert.True(verifier.Verify(key.Secret).IsValid);
            store.NewManager(LogTestStore.Owner).Keys.Disable(null, KeyKind.Standard, key.Key.KeyId);
            Assert.True(LogTestStore.Eventually(() => verifier.Verify(key.Secret).Reason == VerificationReason.Deactivated, CheckInterval + TimeSpan.FromSeconds(2)));

            outage.Unreachable = true;
            Assert.True(LogTestStore.Eventually(() => verifier.LastStoreError != null, CheckInterval + TimeSpan.FromSeconds(2)));

            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.Elapsed < Tolerance + CheckInterval)
            {
                Assert.False(verifier.Verify(key.Secret).IsValid);
                Thread.Sleep(20);
            }
        }

        [SkippableFact]
        public void A_verifier_started_while_the_store_is_unreachable_refuses_and_recovers_when_it_is_back()
        {
            IssuedKey key = store.CreateKey("acme");
            var outage = new CountingKeyStore(store.NewStore()) { Unreachable = true };
            KeyVerifier verifier = store.NewVerifier(Options(), outage);

            Assert.Equal(VerificationReason.StoreUnavailable, verifier.Verify(key.Secret, "GET", "/during").Reason);
            Assert.NotNull(verifier.LastStoreError);

            outage.Unreachable = false;
            Assert.True(LogTestStore.Eventually(() => verifier.Verify(key.Secret, "GET", "/after").IsValid, CheckInterval + TimeSpan.FromSeconds(2)));
            verifier.Flush();
            Assert.Equal(1, store.Count("SELECT COUNT(*) FROM calls WHERE path = '/after' AND outcome = 0"));
        }

        [SkippableFact]
        public void Calls_verified_from_memory_during_an_outage_are_written_once_the_store_is_back()
        {
            IssuedKey key = store.CreateKey("acme");
            var outage = new CountingKeyStore(store.NewStore());
            KeyVerifier verifier = store.NewVerifier(Options(), outage);
            Assert.True(verifier.Verify(key.Secret, "GET", "/before").IsValid);
            verifier.Flush();

            outage.Unreachable = true;
            for (int i = 0; i < 20; i++)
            {
                Assert.True(verifier.Verify(key.Secret, "GET", "/during").IsValid);
            }

            outage.Unreachable = false;
            Assert.True(LogTestStore.Eventually(() => store.Count("SELECT COUNT(*) FROM calls WHERE path = '/during'") == 20, TimeSpan.FromSeconds(10)));
        }

        [SkippableFact]
        public void A_change_check_interval_or_tolerance_out_of_range_is_refused_when_the_verifier_is_made()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => store.NewVerifier(new KeyVerifierOptions { ChangeCheckInterval = TimeSpan.Zero }));
            Assert.Throws<ArgumentOutOfRangeException>(() => store.NewVerifier(new KeyVerifierOptions { StoreOutageTolerance = TimeSpan.FromMilliseconds(500) }));
            Assert.Throws<ArgumentOutOfRangeException>(() => store.NewVerifier(new KeyVerifierOptions { StoreOutageTolerance = TimeSpan.FromHours(2) }));
        }

        // A service's verifier: call rows are batched, so an outage delays them instead of failing the request.
        private static KeyVerifierOptions Options() =>
            new KeyVerifierOptions { ChangeCheckInterval = CheckInterval, StoreOutageTolerance = Tolerance, FlushInterval = TimeSpan.FromMilliseconds(50) };

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

    public sealed class SqliteKeyVerifierCacheTests : KeyVerifierCacheTests
    {
        public SqliteKeyVerifierCacheTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyVerifierCacheTests : KeyVerifierCacheTests
    {
        public PostgreSqlKeyVerifierCacheTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
