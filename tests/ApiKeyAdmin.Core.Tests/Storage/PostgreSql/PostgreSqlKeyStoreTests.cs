using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Verification;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage.PostgreSql
{
    /// <summary>What only the PostgreSQL store has: its schema, its locks, its partitions and its connection string.</summary>
    public sealed class PostgreSqlKeyStoreTests : IDisposable
    {
        private readonly TestStore store = new TestStore(StoreKind.PostgreSql);

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void A_new_store_is_a_schema_at_the_current_version_whose_indexes_refuse_a_second_active_key()
        {
            string keyId = store.Manager.CreateKey("acme", KeyKind.Standard, null).Key.KeyId;

            Assert.Equal(1, store.Count("SELECT max(version) FROM schema_version"));
            Assert.Equal(1, store.Count($"SELECT count(*) FROM pg_tables WHERE schemaname = '{store.Schema}' AND tablename = 'keys'"));
            // The rule holds in the database too, whatever a client does: a copy of the active row as a second Active key.
            var ex = Assert.Throws<PostgresException>(() => store.Sql(
                "INSERT INTO keys (key_id, account_id, kind, status, description, created_at, created_by, secret_hash, masked_key, tag) " +
                "SELECT key_id || 'x', account_id, kind, 0, description, created_at, created_by, secret_hash || '\\x00'::bytea, masked_key, tag FROM keys WHERE key_id = @id",
                ("@id", keyId)));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
            Assert.Equal("keys_one_active", ex.ConstraintName);
        }

        [SkippableFact]
        public void A_schema_newer_than_supported_is_StoreVersionTooNew_and_left_unchanged()
        {
            store.Manager.CreateKey("acme", KeyKind.Standard, null);
            store.Sql("INSERT INTO schema_version (version) VALUES (99)");
            long keys = store.Count("SELECT count(*) FROM keys");

            ApiKeyManager later = store.NewManager(store.Identity);
            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => later.CreateKey("beta", KeyKind.Standard, null));

            Assert.Equal("StoreVersionTooNew", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, ex.Kind);
            Assert.Equal(keys, store.Count("SELECT count(*) FROM keys"));
        }

        [SkippableFact]
        public void Location_errors_and_messages_never_carry_the_password()
        {
            string password = PostgreSqlServer.Instance.Password;
            Assert.DoesNotContain(password, store.Location);
            Assert.Contains("Search Path=" + store.Schema, store.Location);
            string withCertificate = new NpgsqlConnectionStringBuilder(store.ConnectionString) { SslPassword = "Cert-Secret-42" }.ConnectionString;
            Assert.DoesNotContain("Cert-Secret-42", new PostgreSqlKeyStore(withCertificate).Location);

            string wrong = "Wrong-" + Guid.NewGuid().ToString("N");
            var badPassword = new NpgsqlConnectionStringBuilder(store.ConnectionString) { Password = wrong }.ConnectionString;
            ApiKeyAdminException refused = Assert.ThrowsAny<ApiKeyAdminException>(
                () => store.NewManager(new PostgreSqlKeyStore(badPassword), store.Identity).CreateKey("acme", KeyKind.Standard, null));
            var closedPort = new NpgsqlConnectionStringBuilder(store.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
            ApiKeyAdminException unreachable = Assert.ThrowsAny<ApiKeyAdminException>(
                () => store.NewManager(new PostgreSqlKeyStore(closedPort), store.Identity).GetKeys(new KeyQuery()));

            foreach (ApiKeyAdminException ex in new[] { refused, unreachable })
            {
                Assert.Equal("StoreUnreadable", ex.ErrorId);
                Assert.Equal(ErrorKind.OpenError, ex.Kind);
                foreach (string secret in new[] { password, wrong })
                {
                    Assert.DoesNotContain(secret, ex.ToString());
                    Assert.DoesNotContain(secret, ex.Target.ToString());
                }
            }
        }

        [SkippableFact]
        public void A_writer_held_up_past_the_busy_timeout_is_StoreLocked_with_nothing_changed()
        {
            string keyId = store.Manager.CreateKey("acme", KeyKind.Standard, null).Key.KeyId;
            long rows = store.Count("SELECT count(*) FROM audit");
            ApiKeyManager impatient = store.NewManager(store.Identity, TestStore.Options(TimeSpan.FromMilliseconds(300)));
            impatient.GetKeys(new KeyQuery());

            using (var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(store.ConnectionString) { Pooling = false }.ConnectionString))
            {
                holder.Open();
                using (var command = new NpgsqlCommand("BEGIN; SELECT pg_advisory_xact_lock(hashtextextended('ApiKeyAdmin write ' || current_schema(), 0))", holder))
                {
                    command.ExecuteNonQuery();
                }

                var watch = Stopwatch.StartNew();
                foreach (Action attempt in new Action[]
                {
                    () => impatient.CreateKey("beta", KeyKind.Standard, null),
                    () => impatient.RotateKey("acme", KeyKind.Standard, null, null),
                    () => impatient.DisableKeys(null, KeyKind.Standard, keyId),
                })
                {
                    ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(attempt);
                    Assert.IsType<StoreLockedException>(ex);
                    Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
                }

                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"three refusals took {watch.Elapsed}");
                // Readers are not held up by the writer.
                Assert.Single(impatient.GetKeys(new KeyQuery()).Keys);
            }

            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(KeyStatus.Active, store.Key(keyId).Status);
        }

        [SkippableFact]
        public void Retention_drops_whole_day_partitions_and_keeps_days_ahead()
        {
            ApiKey acme = store.Manager.CreateKey("acme", KeyKind.Standard, null).Key;
            DateTimeOffset now = store.Clock.UtcNow;
            using (IKeyStore keyStore = store.NewKeyStore())
            {
                keyStore.AppendCalls(new[] { -9, -8, 0 }.Select(days => new CallEntry
                {
                    Timestamp = now.AddDays(days), Method = "GET", Path = "/", Outcome = CallOutcome.Denied, Reason = VerificationReason.Unknown,
                }).ToList());
                List<string> before = Partitions();
                Assert.Contains("calls_p" + now.AddDays(-9).ToString("yyyyMMdd"), before);
                Assert.Contains("calls_p" + now.AddDays(2).ToString("yyyyMMdd"), before);

                Assert.Equal(2, keyStore.PruneCalls(now - ApiKeyManager.CallRetention, 1000));

                List<string> after = Partitions();
                Assert.DoesNotContain(after, p => string.CompareOrdinal(p, "calls_p" + now.AddDays(-7).ToString("yyyyMMdd")) < 0);
                Assert.Contains("calls_p" + now.ToString("yyyyMMdd"), after);
                Assert.Contains("calls_p" + DateTimeOffset.UtcNow.AddDays(1).ToString("yyyyMMdd"), after);
                Assert.Equal(1, store.Count("SELECT count(*) FROM calls"));
            }
        }

        [SkippableFact]
        public void A_log_read_stopped_early_leaves_the_rest_on_the_server()
        {
            store.Manager.CreateKey("acme", KeyKind.Standard, null);
            DateTimeOffset now = store.Clock.UtcNow;
            using (IKeyStore keyStore = store.NewKeyStore())
            {
                keyStore.AppendCalls(Enumerable.Range(0, 20_000).Select(i => new CallEntry
                {
                    Timestamp = now.AddMilliseconds(-i), Method = "GET", Path = "/", Outcome = CallOutcome.Denied, Reason = VerificationReason.Unknown,
                }).ToList());
            }

            var watch = Stopwatch.StartNew();
            using (var cancel = new CancellationTokenSource())
            {
                int seen = 0;
                foreach (CallRecord row in store.Manager.ReadCalls(new CallFilter { Since = now.AddDays(-1) }, cancel.Token))
                {
                    if (++seen == 1500)
                    {
                        cancel.Cancel();
                    }
                }

                Assert.Equal(1500, seen);
            }

            Assert.Equal(10, store.Manager.ReadCalls(new CallFilter { Since = now.AddDays(-1), First = 10 }, CancellationToken.None).Count());
        }

        /// <summary>
        /// Several hosts: four rotating workers on two connection pools (two store objects, each with its own
        /// NpgsqlDataSource) and two verifiers, all at once. Threads stand in for processes here; what the test checks is
        /// what the database guarantees between connections.
        /// </summary>
        [SkippableFact]
        public void Four_rotators_on_two_pools_and_two_verifiers_end_with_one_active_key_and_an_intact_chain()
        {
            const int rotators = 4;
            const int rotations = 25;
            IssuedKey first = store.Manager.CreateKey("acme", KeyKind.Standard, null);
            IKeyStore[] pools = { store.NewKeyStore(), store.NewKeyStore() };
            ApiKeyManager[] managers = Enumerable.Range(0, rotators).Select(i => store.NewManager(pools[i % 2], new TestIdentity(TestStore.Owner))).ToArray();
            var verifiers = Enumerable.Range(0, 2)
                .Select(_ => new KeyVerifier(store.NewKeyStore(), store.KeyFolder, new KeyVerifierOptions { Clock = store.Clock, BatchCalls = true }))
                .ToArray();
            string latest = first.Secret;
            var failures = new ConcurrentQueue<Exception>();
            int rotating = rotators;
            var threads = managers.Select(manager => new Thread(() =>
            {
                try
                {
                    for (int i = 0; i < rotations; i++)
                    {
                        Volatile.Write(ref latest, manager.RotateKey("acme", KeyKind.Standard, null, TimeSpan.FromHours(1)).Secret);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
                finally
                {
                    Interlocked.Decrement(ref rotating);
                }
            })).Concat(verifiers.Select(verifier => new Thread(() =>
            {
                try
                {
                    while (Volatile.Read(ref rotating) > 0)
                    {
                        verifier.Verify(Volatile.Read(ref latest), "GET", "/", "192.0.2.1");
                        // A busy API, not a spin loop that starves the rotators of the machine's cores.
                        Thread.Sleep(1);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }))).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a worker did not finish"));

            Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Select(f => f.GetType().Name + ": " + f.Message)));
            List<ApiKey> keys = store.KeysOf("acme");
            ApiKey active = Assert.Single(keys, k => k.Status == KeyStatus.Active);
            Assert.Single(keys, k => k.Status == KeyStatus.Expiring);
            Assert.Equal(rotators * rotations + 1, keys.Count);
            Assert.Equal(rotators * rotations, store.Audit().Count(a => a.Action == AuditAction.Rotated));
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);

            // Every verifier sees the outcome within a second: the newest key verifies, the first one is refused.
            Thread.Sleep(TimeSpan.FromSeconds(1));
            foreach (KeyVerifier verifier in verifiers)
            {
                VerificationResult current = verifier.Verify(latest);
                Assert.True(current.IsValid, current.Reason.ToString());
                Assert.Equal(active.KeyId, current.KeyId);
                Assert.Equal(VerificationReason.Deactivated, verifier.Verify(first.Secret).Reason);
                verifier.Dispose();
            }

            foreach (IKeyStore pool in pools)
            {
                pool.Dispose();
            }
        }

        private List<string> Partitions()
        {
            var names = new List<string>();
            using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(store.ConnectionString) { Pooling = false }.ConnectionString))
            {
                connection.Open();
                using (var command = new NpgsqlCommand(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'calls'::regclass ORDER BY 1", connection))
                using (NpgsqlDataReader reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        names.Add(reader.GetString(0));
                    }
                }
            }

            return names;
        }
    }
}
