using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Verification
{
    public sealed class CallLogWriterTests : IDisposable
    {
        private readonly LogTestStore store = new LogTestStore();

        public CallLogWriterTests()
        {
            Key = store.CreateKey("acme");
        }

        private IssuedKey Key { get; }

        public void Dispose() => store.Dispose();

        [Fact]
        public void Dispose_writes_every_call_still_queued()
        {
            var options = new KeyVerifierOptions { Clock = store.Clock, FlushInterval = TimeSpan.FromHours(1) };
            var verifier = new KeyVerifier(store.NewStore(), store.KeyFolder, options);
            for (int i = 0; i < 500; i++)
            {
                verifier.Verify(i % 5 == 0 ? "garbage" : Key.Secret, "GET", "/contacts/" + i);
            }

            Assert.Equal(0, store.Count("SELECT COUNT(*) FROM calls"));

            verifier.Dispose();

            Assert.Equal(500, store.Count("SELECT COUNT(*) FROM calls"));
            Assert.Equal(100, store.Count("SELECT COUNT(*) FROM calls WHERE outcome = 1"));
        }

        [Fact]
        public void Calls_from_many_threads_are_all_written_by_dispose()
        {
            var verifier = new KeyVerifier(store.NewStore(), store.KeyFolder,
                new KeyVerifierOptions { Clock = store.Clock, FlushInterval = TimeSpan.FromMilliseconds(5) });

            Parallel.For(0, 8, thread =>
            {
                for (int i = 0; i < 250; i++)
                {
                    using (PendingCall call = verifier.Begin(Key.Secret, "POST", "/deals", "203.0.113.7"))
                    {
                        call.Complete(201, TimeSpan.FromMilliseconds(3));
                    }
                }
            });
            verifier.Dispose();

            Assert.Equal(2000, store.Count("SELECT COUNT(*) FROM calls WHERE status_code = 201 AND duration_ms = 3"));
        }

        [Fact]
        public void Verify_from_many_threads_while_the_writer_flushes_writes_each_call_once()
        {
            // Many chunks' worth of calls, so chunks fill, are taken and come back for reuse while threads keep adding.
            var verifier = new KeyVerifier(store.NewStore(), store.KeyFolder,
                new KeyVerifierOptions { Clock = store.Clock, FlushInterval = TimeSpan.FromMilliseconds(1) });

            Parallel.For(0, 8, thread =>
            {
                for (int i = 0; i < 2000; i++)
                {
                    verifier.Verify(Key.Secret, "GET", "/t" + thread + "/" + i);
                }
            });
            verifier.Dispose();

            Assert.Equal(16000, store.Count("SELECT COUNT(*) FROM calls"));
            Assert.Equal(16000, store.Count("SELECT COUNT(DISTINCT path) FROM calls"));
        }

        [Fact]
        public void Calls_reach_the_log_on_the_flush_interval_without_a_dispose()
        {
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { FlushInterval = TimeSpan.FromMilliseconds(250) });

            for (int i = 0; i < 10; i++)
            {
                verifier.Verify(Key.Secret);
            }

            Assert.True(LogTestStore.Eventually(() => store.Count("SELECT COUNT(*) FROM calls") == 10, TimeSpan.FromSeconds(5)));
            Assert.NotNull(store.Manager.Keys.List(new KeyQuery { KeyId = Key.Key.KeyId }).Keys.Single().Key.LastUsedAt);
        }

        [Fact]
        public void A_busy_store_keeps_the_rows_for_the_next_flush()
        {
            var counting = new CountingKeyStore(store.NewStore());
            var writer = new CallLogWriter(counting, new KeyVerifierOptions { Clock = store.Clock, FlushInterval = TimeSpan.FromHours(1) });
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    writer.Enqueue(LogTestStore.Call(store.Clock.UtcNow, "acme", Key.Key.KeyId));
                }

                counting.FailNextAppends(1);
                writer.Flush();

                Assert.IsType<StoreLockedException>(writer.LastError);
                Assert.Equal(0, store.Count("SELECT COUNT(*) FROM calls"));

                writer.Flush();

                Assert.Null(writer.LastError);
                Assert.Equal(3, store.Count("SELECT COUNT(*) FROM calls"));
            }
            finally
            {
                writer.Dispose();
            }

            Assert.Equal(3, store.Count("SELECT COUNT(*) FROM calls"));
        }
    
        [Fact]
        public void A_failed_batch_of_several_chunks_and_more_than_one_batch_is_written_whole_and_once_after_the_failure()
        {
            // 23,456 rows: more than two of the writer's 10,000-row batches, across many 512-call chunks; the failure hits
            // the first batch, made of the entry objects the writer refills for every batch.
            var counting = new CountingKeyStore(store.NewStore());
            var writer = new CallLogWriter(counting, new KeyVerifierOptions { Clock = store.Clock, FlushInterval = TimeSpan.FromHours(1) });
            try
            {
                for (int i = 0; i < 23_456; i++)
                {
                    writer.Enqueue(LogTestStore.Call(store.Clock.UtcNow.AddMilliseconds(i), "acme", Key.Key.KeyId, path: "/p/" + i));
                }

                counting.FailNextAppends(1);
                writer.Flush();
                Assert.IsType<StoreLockedException>(writer.LastError);

                for (int i = 0; i < 100; i++)
                {
                    writer.Enqueue(LogTestStore.Call(store.Clock.UtcNow.AddMinutes(1), "acme", Key.Key.KeyId, path: "/after/" + i));
                }

                writer.Flush();
                Assert.Null(writer.LastError);
            }
            finally
            {
                writer.Dispose();
            }

            Assert.Equal(23_556, store.Count("SELECT COUNT(*) FROM calls"));
            Assert.Equal(23_556, store.Count("SELECT COUNT(DISTINCT path) FROM calls"));
            Assert.Equal(1, store.Count("SELECT COUNT(*) FROM calls WHERE path = '/p/0'"));
            Assert.Equal(1, store.Count("SELECT COUNT(*) FROM calls WHERE path = '/p/23455'"));
        }
    }
}
