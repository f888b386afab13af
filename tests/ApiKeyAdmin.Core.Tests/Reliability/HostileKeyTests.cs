using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// The embedded verifier on the request path of a service under attack: whatever string arrives, it answers without
    /// an exception, accepts only real keys, refuses anything that is not a key before it reads the store, and takes
    /// time that does not grow with what it is sent.
    /// </summary>
    public sealed class HostileKeyTests : IDisposable
    {
        private const int Total = 100_000;
        private const int WellFormedUnknown = 1_000;

        private readonly TestStore store = new TestStore();
        private readonly ITestOutputHelper output;

        public HostileKeyTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public void Dispose() => store.Dispose();

        [Fact]
        public void A_hundred_thousand_hostile_strings_are_refused_as_Malformed_without_a_store_read_an_exception_or_a_false_positive()
        {
            IssuedKey standard = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            IssuedKey developer = store.Manager.Keys.Create("acme", KeyKind.Developer, null);
            IssuedKey gone = store.Manager.Keys.Create("beta", KeyKind.Standard, null);
            store.Manager.Keys.Disable("beta", KeyKind.Standard, null);
            int seed = Environment.TickCount;
            output.WriteLine($"seed {seed}");

            var counter = new CountingKeyStore(new SqliteKeyStore(store.StorePath, TestStore.Options()));
            using (var verifier = new KeyVerifier(counter, store.KeyFolder))
            {
                Assert.True(verifier.Verify(standard.Secret).IsValid, "the real key does not verify");
                counter.Calls.Clear();

                var hostile = HostileStrings.Specials(standard.Secret)
                    .Concat(HostileStrings.Mutations(standard.Secret, Total / 2, seed, developer.Secret, gone.Secret))
                    .Concat(HostileStrings.Mutations(developer.Secret, Total / 2, seed + 1, standard.Secret, gone.Secret))
                    .Take(Total);
                int count = 0;
                long slowest = 0;
                long slowestHuge = 0;
                var watch = new Stopwatch();
                foreach (string presented in hostile)
                {
                    watch.Restart();
                    VerificationResult result = verifier.Verify(presented, "GET", "/contacts", "203.0.113.7");
                    watch.Stop();
                    count++;
                    if (presented != null && presented.Length >= HostileStrings.Huge)
                    {
                        slowestHuge = Math.Max(slowestHuge, watch.ElapsedTicks);
                    }
                    else
                    {
                        slowest = Math.Max(slowest, watch.ElapsedTicks);
                    }

                    // The strings are not echoed: they are made from real secrets.
                    Assert.True(!result.IsValid && result.Reason == VerificationReason.Malformed && result.KeyId.Length == 0,
                        $"hostile string {count} (length {presented?.Length}) was answered {result.Reason}");
                }

                Assert.Equal(Total, count);
                // ChangeCounter is left out: the verifier's background check reads it on its own schedule, whatever is presented.
                foreach (string member in new[] { "FindKeyByHash", "Read", "Write", "ReadAudit", "ReadCalls" })
                {
                    Assert.True(counter.Count(member) == 0, $"malformed strings led to {counter.Count(member)} calls of {member}");
                }

                // Bounds loose enough for a busy machine; a cost that grows with the input would blow them by far.
                double slowestMs = slowest * 1000.0 / Stopwatch.Frequency;
                double slowestHugeMs = slowestHuge * 1000.0 / Stopwatch.Frequency;
                output.WriteLine($"{count} hostile strings: slowest call {slowestMs:0.000} ms, slowest 1 MiB call {slowestHugeMs:0.000} ms.");
                Assert.True(slowestMs < 250, $"a hostile string took {slowestMs:0} ms");
                Assert.True(slowestHugeMs < 1000, $"a 1 MiB string took {slowestHugeMs:0} ms");

                // Well-formed strings that are no key are looked up once each and refused as Unknown: the counter counts.
                var unknown = Enumerable.Range(0, WellFormedUnknown).Select(i => KeyFormat.Generate(i % 2 == 0 ? KeyKind.Standard : KeyKind.Developer)).ToList();
                // Not Assert.All: it prints the item that fails, and these are well-formed keys.
                Assert.True(unknown.All(u => verifier.Verify(u).Reason == VerificationReason.Unknown), "a well-formed unknown key was not Unknown");
                Assert.Equal(WellFormedUnknown, counter.Count("FindKeyByHash"));

                // Only the real keys verify, and the deactivated one is told apart.
                Assert.True(verifier.Verify(standard.Secret).IsValid, "the standard key no longer verifies");
                Assert.True(verifier.Verify(developer.Secret).IsValid, "the developer key no longer verifies");
                Assert.Equal(VerificationReason.Deactivated, verifier.Verify(gone.Secret).Reason);
                verifier.Flush();
                Assert.Null(verifier.LastCallLogError);
            }

            // Every call was recorded, with at most a short fingerprint of what was presented.
            Assert.Equal(1 + Total + WellFormedUnknown + 3, store.Count("SELECT count(*) FROM calls"));
            Assert.Equal(0, store.Count("SELECT count(*) FROM calls WHERE length(fingerprint) > 8"));
            Assert.Equal(Total + WellFormedUnknown + 1, store.Count("SELECT count(*) FROM calls WHERE outcome <> 0"));
            StoreInvariants.AssertConsistent(store);
        }

        [Fact]
        public void A_verifier_over_a_missing_store_refuses_to_start_and_creates_nothing()
        {
            var counter = new CountingKeyStore(new SqliteKeyStore(store.StorePath, TestStore.Options()));

            foreach (bool batching in new[] { true, false })
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => new KeyVerifier(counter, store.KeyFolder, new KeyVerifierOptions { BatchCalls = batching }));
                Assert.Equal("StoreNotFound", ex.ErrorId);
                Assert.Equal(store.StorePath, ex.Target);
            }

            Assert.Equal(0, counter.Count("FindKeyByHash") + counter.Count("Read") + counter.Count("Write") + counter.Count("EnsureCreated"));
            Assert.False(System.IO.File.Exists(store.StorePath));
            Assert.False(System.IO.Directory.Exists(store.KeyFolder.Folder));
        }

        [Fact]
        public void A_store_removed_under_a_running_verifier_is_StoreNotFound_at_a_prompt_and_StoreUnavailable_in_a_service()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            string key = KeyFormat.Generate(KeyKind.Standard);
            using (var oneShot = new KeyVerifier(new SqliteKeyStore(store.StorePath, TestStore.Options()), store.KeyFolder, new KeyVerifierOptions { BatchCalls = false }, store.HostState))
            using (var service = new KeyVerifier(new SqliteKeyStore(store.StorePath, TestStore.Options()), store.KeyFolder, new KeyVerifierOptions(), store.HostState))
            {
                store.CloseAll();
                System.IO.File.Delete(store.StorePath);

                Assert.Equal("StoreNotFound", Assert.ThrowsAny<ApiKeyAdminException>(() => oneShot.Verify(key)).ErrorId);
                Assert.Equal(VerificationReason.StoreUnavailable, service.Verify(key).Reason);
                Assert.Equal("StoreNotFound", Assert.IsAssignableFrom<ApiKeyAdminException>(service.LastStoreError).ErrorId);
                Assert.Equal(VerificationReason.Malformed, service.Verify("aks_typo").Reason);
            }
        }
    }
}
