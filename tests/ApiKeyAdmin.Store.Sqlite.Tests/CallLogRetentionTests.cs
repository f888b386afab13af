using System;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Storage.Sqlite.Tests
{
    public sealed class CallLogRetentionTests : IDisposable
    {
        private readonly LogTestStore store = new LogTestStore();

        public void Dispose() => store.Dispose();

        [Fact]
        public void Calls_older_than_7_days_are_never_returned_even_before_they_are_pruned()
        {
            IssuedKey key = store.CreateKey("acme");
            DateTimeOffset now = store.Clock.UtcNow;
            store.AddCalls(
                LogTestStore.Call(now - TimeSpan.FromDays(8), "acme", key.Key.KeyId),
                LogTestStore.Call(now - TimeSpan.FromDays(7) - TimeSpan.FromMilliseconds(1), "acme", key.Key.KeyId),
                LogTestStore.Call(now - TimeSpan.FromDays(7), "acme", key.Key.KeyId, path: "/oldest-kept"),
                LogTestStore.Call(now - TimeSpan.FromDays(1), "acme", key.Key.KeyId, path: "/recent"));

            var everything = new CallFilter { Since = DateTimeOffset.MinValue };
            string[] paths = store.Manager.Logs.ReadCalls(everything, CancellationToken.None).Select(c => c.Path).ToArray();
            long measured = store.Manager.Logs.MeasureCalls(new CallFilter { Since = now.AddDays(-30) }, CallInterval.Day, CancellationToken.None).Sum(v => v.Total);

            Assert.Equal(new[] { "/recent", "/oldest-kept" }, paths);
            Assert.Equal(2, measured);
            Assert.Equal(4, store.Count("SELECT COUNT(*) FROM calls"));
        }

        [Fact]
        public void A_call_leaves_the_log_when_the_clock_passes_its_seventh_day()
        {
            IssuedKey key = store.CreateKey("acme");
            store.AddCalls(LogTestStore.Call(store.Clock.UtcNow - TimeSpan.FromDays(6), "acme", key.Key.KeyId));
            var filter = new CallFilter();

            Assert.Single(store.Manager.Logs.ReadCalls(filter, CancellationToken.None));

            store.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

            Assert.Empty(store.Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None));
        }

        [Fact]
        public void Pruning_deletes_only_expired_calls_and_at_most_the_batch_size_at_a_time()
        {
            IssuedKey key = store.CreateKey("acme");
            DateTimeOffset now = store.Clock.UtcNow;
            DateTimeOffset cutoff = now - ApiKeyManager.CallRetention;
            store.AddCalls(Enumerable.Range(1, 25).Select(i => LogTestStore.Call(cutoff - TimeSpan.FromMinutes(i), "acme", key.Key.KeyId))
                .Concat(Enumerable.Range(0, 5).Select(i => LogTestStore.Call(cutoff + TimeSpan.FromMinutes(i), "acme", key.Key.KeyId)))
                .ToArray());

            using (IKeyStore direct = store.NewStore())
            {
                int[] deleted = { direct.PruneCalls(cutoff, 10), direct.PruneCalls(cutoff, 10), direct.PruneCalls(cutoff, 10), direct.PruneCalls(cutoff, 10) };

                Assert.Equal(new[] { 10, 10, 5, 0 }, deleted);
            }

            Assert.Equal(5, store.Count("SELECT COUNT(*) FROM calls"));
            Assert.Equal(0, store.Count($"SELECT COUNT(*) FROM calls WHERE ts < {cutoff.ToUnixTimeMilliseconds()}"));
        }

        [Fact]
        public void The_batch_writer_prunes_in_bounded_batches_at_most_once_per_prune_interval()
        {
            IssuedKey key = store.CreateKey("acme");
            DateTimeOffset expired = store.Clock.UtcNow - TimeSpan.FromDays(8);
            store.AddCalls(Enumerable.Range(0, 20).Select(i => LogTestStore.Call(expired.AddSeconds(i), "acme", key.Key.KeyId)).ToArray());
            var counting = new CountingKeyStore(store.NewStore());
            var options = new KeyVerifierOptions
            {
                Clock = store.Clock,
                FlushInterval = TimeSpan.FromMilliseconds(20),
                PruneInterval = TimeSpan.FromMinutes(1),
                PruneBatchSize = 7,
            };

            using (new CallLogWriter(counting, options))
            {
                Assert.True(LogTestStore.Eventually(() => store.Count("SELECT COUNT(*) FROM calls") == 0, TimeSpan.FromSeconds(10)));
                lock (counting.Prunes)
                {
                    Assert.Equal(new[] { (7, 7), (7, 7), (7, 6) }, counting.Prunes);
                }

                // Within the prune interval nothing more is deleted, however many flushes pass.
                store.AddCalls(LogTestStore.Call(expired, "acme", key.Key.KeyId));
                Thread.Sleep(200);
                Assert.Equal(1, store.Count("SELECT COUNT(*) FROM calls"));

                store.Clock.Advance(TimeSpan.FromMinutes(1));
                Assert.True(LogTestStore.Eventually(() => store.Count("SELECT COUNT(*) FROM calls") == 0, TimeSpan.FromSeconds(10)));
            }
        }
    }
}
