using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage
{
    /// <summary>What every store must guarantee under concurrent writers, run against each store (subclasses at the end of the file).</summary>
    public abstract class KeyStoreConcurrencyTests : IDisposable
    {
        private readonly TestStore store;

        protected KeyStoreConcurrencyTests(StoreKind kind)
        {
            store = new TestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void Concurrent_rotation_of_one_account_ends_with_exactly_one_Active_key(bool withGrace)
        {
            const int threads = 8;
            const int rotations = 10;
            string first = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            ApiKeyManager[] managers = Enumerable.Range(0, threads).Select(_ => store.NewManager(new TestIdentity(TestStore.Owner))).ToArray();
            var failures = new ConcurrentQueue<Exception>();
            var issued = new ConcurrentBag<string>();
            using (var start = new Barrier(threads))
            {
                Thread[] workers = managers.Select(manager => new Thread(() =>
                {
                    start.SignalAndWait();
                    for (int i = 0; i < rotations; i++)
                    {
                        try
                        {
                            issued.Add(manager.Keys.Rotate("acme", KeyKind.Standard, null, withGrace ? TimeSpan.FromDays(1) : (TimeSpan?)null).Key.KeyId);
                        }
                        catch (Exception ex)
                        {
                            failures.Enqueue(ex);
                        }
                    }
                })).ToArray();
                foreach (Thread worker in workers)
                {
                    worker.Start();
                }

                foreach (Thread worker in workers)
                {
                    Assert.True(worker.Join(TimeSpan.FromSeconds(60)), "a rotating thread did not finish");
                }
            }

            Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Select(f => f.ToString())));
            Assert.Equal(threads * rotations, issued.Distinct().Count());
            List<ApiKey> keys = store.KeysOf("acme");
            Assert.Equal(threads * rotations + 1, keys.Count);
            ApiKey active = Assert.Single(keys, k => k.Status == KeyStatus.Active);
            Assert.Contains(active.KeyId, issued);
            Assert.Equal(withGrace ? 1 : 0, keys.Count(k => k.Status == KeyStatus.Expiring));
            Assert.Equal(KeyStatus.Deactivated, keys.Single(k => k.KeyId == first).Status);
            Assert.Equal(threads * rotations, store.Audit().Count(a => a.Action == AuditAction.Rotated));
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);
        }

        [SkippableFact]
        public void Writers_that_create_a_missing_store_at_the_same_moment_share_one_store()
        {
            const int threads = 6;
            ApiKeyManager[] managers = Enumerable.Range(0, threads).Select(_ => store.NewManager(new TestIdentity(TestStore.Owner))).ToArray();
            var failures = new ConcurrentQueue<Exception>();
            RunTogether(managers.Select((manager, i) => (Action)(() =>
            {
                try
                {
                    manager.Keys.Create($"account-{i}", KeyKind.Standard, null);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            })).ToArray());

            Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Select(f => f.ToString())));
            Assert.Equal(threads, store.Count("SELECT count(*) FROM keys"));
            Assert.Single(Directory.GetFiles(store.KeyFolder.Folder));
            Assert.Single(store.Audit(), a => a.Action == AuditAction.StoreCreated);
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);
        }

        [SkippableFact]
        public void Concurrent_generation_for_one_account_makes_exactly_one_key()
        {
            const int threads = 8;
            store.Manager.Keys.Create("other", KeyKind.Standard, null);
            ApiKeyManager[] managers = Enumerable.Range(0, threads).Select(_ => store.NewManager(new TestIdentity(TestStore.Owner))).ToArray();
            var outcomes = new ConcurrentQueue<string>();
            RunTogether(managers.Select(manager => (Action)(() =>
            {
                try
                {
                    manager.Keys.Create("acme", KeyKind.Standard, null);
                    outcomes.Enqueue("made");
                }
                catch (ApiKeyAdminException ex)
                {
                    outcomes.Enqueue(ex.ErrorId);
                }
            })).ToArray());

            Assert.Equal(1, outcomes.Count(o => o == "made"));
            Assert.Equal(threads - 1, outcomes.Count(o => o == "ActiveKeyExists"));
            Assert.Single(store.KeysOf("acme"));
        }

        [SkippableFact]
        public void Verifying_the_audit_chain_while_others_write_reports_no_false_tampering()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            ApiKeyManager writer = store.NewManager(new TestIdentity(TestStore.Owner));
            var results = new ConcurrentQueue<AuditVerification>();
            using (var done = new ManualResetEventSlim())
            {
                RunTogether(
                    () =>
                    {
                        for (int i = 0; i < 40; i++)
                        {
                            writer.Keys.Rotate("acme", KeyKind.Standard, null, null);
                        }

                        done.Set();
                    },
                    () =>
                    {
                        while (!done.IsSet)
                        {
                            results.Enqueue(store.Manager.Audit.Verify(CancellationToken.None));
                        }
                    });
            }

            Assert.NotEmpty(results);
            AuditVerification wrong = results.FirstOrDefault(r => !r.IsValid);
            Assert.True(wrong == null, wrong?.Reason);
        }

        private static void RunTogether(params Action[] actions)
        {
            using (var start = new Barrier(actions.Length))
            {
                Thread[] workers = actions.Select(action => new Thread(() =>
                {
                    start.SignalAndWait();
                    action();
                })).ToArray();
                foreach (Thread worker in workers)
                {
                    worker.Start();
                }

                foreach (Thread worker in workers)
                {
                    Assert.True(worker.Join(TimeSpan.FromSeconds(60)), "a worker thread did not finish");
                }
            }
        }
    }

    public sealed class SqliteKeyStoreConcurrencyTests : KeyStoreConcurrencyTests
    {
        public SqliteKeyStoreConcurrencyTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyStoreConcurrencyTests : KeyStoreConcurrencyTests
    {
        public PostgreSqlKeyStoreConcurrencyTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
