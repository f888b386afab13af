using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Verification;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// Stores that production breaks: cut short by a failed copy, locked by another process's long transaction, full.
    /// Each is a clear error with a stable ErrorId, and nothing is half written. (Files that are not SQLite, newer schemas,
    /// read-only files and folders are in SqliteKeyStoreTests.)
    /// </summary>
    public sealed class BrokenStoreTests : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

        private readonly TestStore store = new TestStore();

        public void Dispose() => store.Dispose();

        [Fact]
        public void A_truncated_store_is_InvalidStore_for_every_command_and_left_as_it_was()
        {
            IssuedKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, "billing");
            for (int i = 0; i < 30; i++)
            {
                store.Manager.Keys.Create($"account-{i:00}", KeyKind.Standard, new string('d', 500));
            }

            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));
            store.CloseAll();
            Assert.False(File.Exists(store.StorePath + "-wal"), "closing the store left its WAL behind");
            byte[] whole = File.ReadAllBytes(store.StorePath);
            const int Page = 4096;
            Assert.True(whole.Length >= 8 * Page, $"the store has only {whole.Length} bytes");

            // Half, as the issue says, and cuts at and between page boundaries from the first page on. A cut inside the
            // last page is not among them: SQLite reads the missing bytes as zeros, and a length check that caught it
            // also refused healthy stores that another writer was creating at that moment (see docs/security.md).
            var cuts = new SortedSet<int> { whole.Length / 2, Page, 2 * Page, whole.Length - Page, whole.Length / 2 + 100 };
            foreach (int cut in cuts)
            {
                string path = Path.Combine(store.Folder, "data", $"cut-{cut}.db");
                byte[] truncated = whole.Take(cut).ToArray();
                File.WriteAllBytes(path, truncated);
                var manager = new ApiKeyManager(new SqliteKeyStore(path, TestStore.Options()), store.Identity, store.KeyFolder, store.Clock);
                var verifier = new KeyVerifier(new SqliteKeyStore(path, TestStore.Options()), store.KeyFolder, new KeyVerifierOptions { BatchCalls = false });
                try
                {
                    foreach ((string name, Action action) in Operations(manager, verifier, acme.Secret))
                    {
                        string outcome = Outcome(action);
                        Assert.True(outcome == "InvalidStore", $"{name} on a store cut at {cut} of {whole.Length} bytes: {outcome}");
                    }
                }
                finally
                {
                    verifier.Dispose();
                    manager.Dispose();
                }

                Assert.True(truncated.SequenceEqual(File.ReadAllBytes(path)), $"the store cut at {cut} was changed");
            }

        }

        [Fact]
        public void A_store_locked_by_another_process_past_the_busy_timeout_is_StoreLocked_with_nothing_changed()
        {
            IssuedKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Manager.Keys.Create("beta", KeyKind.Standard, null);
            long rows = store.Count("SELECT count(*) FROM audit");
            long keys = store.Count("SELECT count(*) FROM keys");
            byte[] hashes = KeyRowsDigest();
            ApiKeyManager impatient = store.NewManager(store.Identity, TestStore.Options(TimeSpan.FromMilliseconds(500)));
            var verifier = new KeyVerifier(new SqliteKeyStore(store.StorePath, TestStore.Options(TimeSpan.FromMilliseconds(500))), store.KeyFolder,
                new KeyVerifierOptions { FlushInterval = TimeSpan.FromHours(1) });

            // Another process holds the write lock for far longer than the busy timeout, as a stuck transaction does.
            using (StressChild holder = StressChild.Start("hold-lock", store.StorePath, "120000"))
            {
                holder.Expect("locked", Patience);
                foreach ((string name, Action write) in new (string, Action)[]
                {
                    ("CreateKey", () => impatient.Keys.Create("gamma", KeyKind.Standard, null)),
                    ("RotateKey", () => impatient.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromHours(1))),
                    ("DisableKeys", () => impatient.Keys.Disable("beta", KeyKind.Standard, null)),
                    ("GrantRole", () => impatient.Roles.Grant("bob", Roles.SuperAdmin, null)),
                    ("SetRevealPolicy", () => impatient.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never })),
                    ("RevealKeys", () => impatient.Keys.Reveal(new KeyQuery())),
                })
                {
                    ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(write);
                    Assert.True(ex.ErrorId == "StoreLocked" && ex.Kind == ErrorKind.ResourceUnavailable, $"{name}: {ex.ErrorId}");
                    Assert.IsType<SqliteException>(ex.InnerException);
                }

                // Readers are not held up, and the service's verifier keeps answering while its call rows wait.
                Assert.Equal(2, impatient.Keys.List(new KeyQuery()).Keys.Count);
                Assert.True(impatient.Audit.Verify(CancellationToken.None).IsValid);
                for (int i = 0; i < 20; i++)
                {
                    Assert.True(verifier.Verify(acme.Secret, "GET", "/contacts").IsValid, "a verification failed while the store was locked");
                }

                verifier.Flush();
                Assert.Equal("StoreLocked", Assert.IsType<StoreLockedException>(verifier.LastCallLogError).ErrorId);
                holder.Send("release");
                holder.Expect("released", Patience);
                Assert.Equal(0, holder.WaitForExit(Patience));
            }

            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(keys, store.Count("SELECT count(*) FROM keys"));
            Assert.True(hashes.SequenceEqual(KeyRowsDigest()), "a key row changed while the store was locked");
            Assert.Equal("Allowed", store.Manager.Policy.Get().Reveal.ToString());

            // Once the lock is gone the kept call rows are written, none lost, and the store takes writes again.
            verifier.Flush();
            Assert.Null(verifier.LastCallLogError);
            verifier.Dispose();
            Assert.Equal(20, store.Count("SELECT count(*) FROM calls"));
            Assert.Equal(KeyStatus.Active, impatient.Keys.Create("gamma", KeyKind.Standard, null).Key.Status);
            StoreInvariants.AssertConsistent(store);
        }

        [Fact]
        public void A_verifier_keeps_answering_from_several_threads_while_its_call_log_cannot_be_written()
        {
            IssuedKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.CloseAll();
            var keyStore = new SqliteKeyStore(store.StorePath, TestStore.Options(TimeSpan.FromMilliseconds(200)));
            var verifier = new KeyVerifier(keyStore, store.KeyFolder,
                new KeyVerifierOptions { FlushInterval = TimeSpan.FromMilliseconds(20), ChangeCheckInterval = TimeSpan.FromMilliseconds(1) });
            Assert.True(verifier.Verify(acme.Secret).IsValid, "the key does not verify");
            object lookups = LookupConnection(keyStore);
            var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
            long verified = 0;
            using (StressChild holder = StressChild.Start("hold-lock", store.StorePath, "120000"))
            {
                holder.Expect("locked", Patience);
                using (var stop = new ManualResetEventSlim())
                {
                    // Requests go on while the batch writer fails, rolls back and retries behind the lock, again and again.
                    Thread[] requests = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
                    {
                        while (!stop.IsSet)
                        {
                            try
                            {
                                string unknown = ApiKeyAdmin.Secrets.KeyFormat.Generate(KeyKind.Standard);
                                if (!verifier.Verify(acme.Secret).IsValid || verifier.Verify(unknown).Reason != VerificationReason.Unknown)
                                {
                                    failures.Enqueue("a wrong answer");
                                }

                                Interlocked.Add(ref verified, 2);
                            }
                            catch (Exception ex)
                            {
                                failures.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                            }
                        }
                    })).ToArray();
                    foreach (Thread request in requests)
                    {
                        request.Start();
                    }

                    // Long enough for several failed flushes: each waits out the busy timeout, then gives up. The failures
                    // are the call writer's own: the connection the requests look keys up on stays open under them.
                    Assert.True(SpinWait.SpinUntil(() => verifier.LastCallLogError != null, Patience), "the call log never failed");
                    Thread.Sleep(2_000);
                    Assert.Same(lookups, LookupConnection(keyStore));
                    stop.Set();
                    foreach (Thread request in requests)
                    {
                        request.Join();
                    }
                }

                holder.Send("release");
                Assert.Equal(0, holder.WaitForExit(Patience));
            }

            Assert.True(failures.IsEmpty, $"{failures.Count} failures, first: {failures.FirstOrDefault()}");
            verifier.Flush();
            Assert.Null(verifier.LastCallLogError);
            verifier.Dispose();
            Assert.Equal(verified + 1, store.Count("SELECT count(*) FROM calls"));
        }

        [Fact]
        public void A_lock_held_for_less_than_the_busy_timeout_is_waited_out()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.CloseAll();

            using (StressChild holder = StressChild.Start("hold-lock", store.StorePath, "1500"))
            {
                holder.Expect("locked", Patience);

                // The default busy timeout (10 s) rides out another writer's 1.5-second transaction.
                IssuedKey rotated = store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);

                Assert.Equal(KeyStatus.Active, rotated.Key.Status);
                Assert.Equal(0, holder.WaitForExit(Patience));
            }

            StoreInvariants.AssertConsistent(store);
        }

        [Theory]
        [InlineData("rotate")]
        [InlineData("rotate-with-grace")]
        [InlineData("disable")]
        public void A_store_that_fills_up_in_the_middle_of_rotations_or_deactivations_is_StoreFull_with_no_half_written_change(string operation)
        {
            var keyStore = new SqliteKeyStore(store.StorePath, TestStore.Options());
            ApiKeyManager manager = store.NewManager(keyStore, store.Identity);
            for (int i = 0; i < 20; i++)
            {
                manager.Keys.Create($"account-{i:00}", KeyKind.Standard, new string('d', 200));
            }

            LimitPages(keyStore, extraPages: 2);
            ApiKeyAdminException full = null;
            int done = 0;
            for (int i = 0; i < 400 && full == null; i++)
            {
                string account = $"account-{i % 20:00}";
                try
                {
                    switch (operation)
                    {
                        case "disable":
                            manager.Keys.Disable(account, KeyKind.Standard, null);
                            manager.Keys.Create(account, KeyKind.Standard, new string('d', 200));
                            break;
                        default:
                            manager.Keys.Rotate(account, KeyKind.Standard, null, operation == "rotate" ? (TimeSpan?)null : TimeSpan.FromDays(1));
                            break;
                    }

                    done++;
                }
                catch (ApiKeyAdminException ex)
                {
                    full = ex;
                }
            }

            Assert.NotNull(full);
            Assert.Equal("StoreFull", full.ErrorId);
            Assert.Equal(ErrorKind.WriteError, full.Kind);
            Assert.True(done > 0, "the page limit left no room for a single operation");
            store.CloseAll();

            // Without the limit: a rotation that failed left the old key Active; a deactivation is whole and the generation
            // after it may have failed, leaving none. Either way the audit log tells each key's life.
            StoreInvariants.AssertConsistent(store);
            for (int i = 0; i < 20; i++)
            {
                int active = store.KeysOf($"account-{i:00}").Count(k => k.Status == KeyStatus.Active);
                Assert.True(operation == "disable" ? active <= 1 : active == 1, $"account-{i:00} has {active} Active keys");
            }
        }

        private static IEnumerable<(string, Action)> Operations(ApiKeyManager m, KeyVerifier verifier, string secret)
        {
            yield return ("GetKeys", () => m.Keys.List(new KeyQuery { IncludeInactive = true }));
            yield return ("GetRoles", () => m.Roles.List());
            yield return ("ReadAudit", () => m.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToList());
            yield return ("ReadCalls", () => m.Logs.ReadCalls(new CallFilter(), CancellationToken.None).ToList());
            yield return ("VerifyAudit", () => m.Audit.Verify(CancellationToken.None));
            yield return ("Verify", () => verifier.Verify(secret));
            yield return ("RevealKeys", () => m.Keys.Reveal(new KeyQuery()));
            yield return ("CreateKey", () => m.Keys.Create("gamma", KeyKind.Standard, null));
            yield return ("RotateKey", () => m.Keys.Rotate("acme", KeyKind.Standard, null, null));
            yield return ("DisableKeys", () => m.Keys.Disable("account-07", KeyKind.Standard, null));
            yield return ("GrantRole", () => m.Roles.Grant("bob", Roles.SuperAdmin, null));
        }

        private static string Outcome(Action action)
        {
            try
            {
                action();
                return "ok";
            }
            catch (ApiKeyAdminException ex)
            {
                return ex.ErrorId;
            }
            catch (Exception ex)
            {
                return $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        private byte[] KeyRowsDigest()
        {
            using (SqliteConnection c = store.Open())
            using (SqliteCommand command = c.CreateCommand())
            {
                command.CommandText = "SELECT group_concat(key_id || status || ifnull(deactivated_at, '') || hex(tag), ',') FROM (SELECT * FROM keys ORDER BY key_id)";
                return System.Text.Encoding.UTF8.GetBytes(Convert.ToString(command.ExecuteScalar()));
            }
        }

        private static object LookupConnection(SqliteKeyStore keyStore) =>
            typeof(SqliteKeyStore).GetField("connection", BindingFlags.NonPublic | BindingFlags.Instance).GetValue(keyStore);

        // The page limit is a property of a connection, so it is set on the store's own (see SqliteKeyStoreTests).
        private static void LimitPages(SqliteKeyStore keyStore, int extraPages)
        {
            var connection = (SqliteConnection)typeof(SqliteKeyStore).GetField("connection", BindingFlags.NonPublic | BindingFlags.Instance).GetValue(keyStore);
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA page_count;";
                long pages = (long)command.ExecuteScalar();
                command.CommandText = $"PRAGMA max_page_count = {pages + extraPages};";
                Assert.Equal(pages + extraPages, (long)command.ExecuteScalar());
            }
        }
    }
}
