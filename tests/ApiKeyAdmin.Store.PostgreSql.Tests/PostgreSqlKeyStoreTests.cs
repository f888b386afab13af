using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Verification;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Storage.PostgreSql.Tests
{
    /// <summary>What only the PostgreSQL store has: its schema, its locks, its partitions and its connection string.</summary>
    public sealed class PostgreSqlKeyStoreTests : IDisposable
    {
        private readonly TestStore store = new TestStore(StoreKind.PostgreSql);

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void A_new_store_is_a_schema_at_the_current_version_whose_indexes_refuse_a_second_active_key()
        {
            string keyId = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;

            Assert.Equal(3, store.Count("SELECT max(version) FROM schema_version"));
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
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Sql("INSERT INTO schema_version (version) VALUES (99)");
            long keys = store.Count("SELECT count(*) FROM keys");

            ApiKeyManager later = store.NewManager(store.Identity);
            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => later.Keys.Create("beta", KeyKind.Standard, null));

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
                () => store.NewManager(new PostgreSqlKeyStore(badPassword), store.Identity).Keys.Create("acme", KeyKind.Standard, null));
            var closedPort = new NpgsqlConnectionStringBuilder(store.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
            ApiKeyAdminException unreachable = Assert.ThrowsAny<ApiKeyAdminException>(
                () => store.NewManager(new PostgreSqlKeyStore(closedPort), store.Identity).Keys.List(new KeyQuery()));

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
            string keyId = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            long rows = store.Count("SELECT count(*) FROM audit");
            ApiKeyManager impatient = store.NewManager(store.Identity, TestStore.Options(TimeSpan.FromMilliseconds(300)));
            impatient.Keys.List(new KeyQuery());

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
                    () => impatient.Keys.Create("beta", KeyKind.Standard, null),
                    () => impatient.Keys.Rotate("acme", KeyKind.Standard, null, null),
                    () => impatient.Keys.Disable(null, KeyKind.Standard, keyId),
                })
                {
                    ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(attempt);
                    Assert.IsType<StoreLockedException>(ex);
                    Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
                }

                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"three refusals took {watch.Elapsed}");
                // Readers are not held up by the writer.
                Assert.Single(impatient.Keys.List(new KeyQuery()).Keys);
            }

            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(KeyStatus.Active, store.Key(keyId).Status);
        }

        [SkippableFact]
        public void Retention_drops_whole_day_partitions_and_keeps_days_ahead()
        {
            ApiKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key;
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
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
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
                foreach (CallRecord row in store.Manager.Logs.ReadCalls(new CallFilter { Since = now.AddDays(-1) }, cancel.Token))
                {
                    if (++seen == 1500)
                    {
                        cancel.Cancel();
                    }
                }

                Assert.Equal(1500, seen);
            }

            Assert.Equal(10, store.Manager.Logs.ReadCalls(new CallFilter { Since = now.AddDays(-1), First = 10 }, CancellationToken.None).Count());
        }

        /// <summary>
        /// Several hosts: four rotating processes, each with its own connection pool, and two verifiers on pools of their
        /// own in this process, all at once: exactly one active key, every rotation audited, an intact chain, and every
        /// verifier sees the outcome within a second.
        /// </summary>
        [SkippableFact]
        public void Four_rotating_processes_and_two_verifying_processes_end_with_one_active_key_and_an_intact_chain()
        {
            const int rotators = 4;
            const int withoutGrace = 5;
            IssuedKey first = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            var verifiers = Enumerable.Range(0, 2).Select(_ => new VerifyingHost(StartHost(ChildProgram.VerifyScenario))).ToList();
            verifiers.ForEach(v => v.WaitToLearn(first.Key.KeyId));

            // Four hosts, each a process with its own connection pool, rotate with a grace period of an hour, which the
            // next rotation ends: the verifying hosts check that no key they refuse still verifies in the store.
            var failures = new List<string>();
            foreach (Process host in Enumerable.Range(0, rotators).Select(_ => StartHost(ChildProgram.RotateScenario)).ToList())
            {
                using (host)
                {
                    Task<string> output = host.StandardOutput.ReadToEndAsync();
                    Task<string> errors = host.StandardError.ReadToEndAsync();
                    Assert.True(host.WaitForExit(120_000), "a rotating process did not finish in time");
                    if (output.Result.Trim() != "ok")
                    {
                        failures.Add($"a rotating process said '{output.Result.Trim()}' (exit {host.ExitCode}) {errors.Result.Trim()}");
                    }
                }
            }

            // Then rotations without grace, from this process: each old key must be refused by both verifying hosts
            // within a second of the commit (timestamps from the monotonic clock all processes here share).
            var committed = new List<(string OldKeyId, long At)>();
            for (int i = 0; i < withoutGrace; i++)
            {
                string active = store.KeysOf("acme").Single(k => k.Status == KeyStatus.Active).KeyId;
                verifiers.ForEach(v => v.WaitToLearn(active));
                store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);
                committed.Add((active, Stopwatch.GetTimestamp()));
            }

            Thread.Sleep(TimeSpan.FromSeconds(1.5));
            verifiers.ForEach(v => failures.AddRange(v.Stop()));
            foreach (VerifyingHost verifier in verifiers)
            {
                foreach ((string oldKeyId, long at) in committed)
                {
                    double ms = verifier.RefusedAt(oldKeyId) is long refusedAt ? (refusedAt - at) * 1000.0 / Stopwatch.Frequency : double.PositiveInfinity;
                    if (ms > 1000)
                    {
                        failures.Add($"a verifying host refused {oldKeyId} {ms:N0} ms after its rotation without grace");
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
            List<ApiKey> keys = store.KeysOf("acme");
            Assert.Single(keys, k => k.Status == KeyStatus.Active);
            Assert.Equal(rotators * ChildProgram.Rotations + withoutGrace + 1, keys.Count);
            Assert.Equal(rotators * ChildProgram.Rotations + withoutGrace, store.Audit().Count(a => a.Action == AuditAction.Rotated));
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);
        }

        private Process StartHost(string scenario)
        {
            ProcessStartInfo start = ChildProgram.HostStart(scenario, store.KeyFolder.Folder);
            start.Environment[ChildProgram.ConnectionVariable] = store.ConnectionString;
            return Process.Start(start);
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

        /// <summary>A verifying host of the multi-host test, and what it has said so far.</summary>
        private sealed class VerifyingHost
        {
            private readonly Process process;
            private readonly ConcurrentDictionary<string, long?> keys = new ConcurrentDictionary<string, long?>();
            private readonly ConcurrentQueue<string> said = new ConcurrentQueue<string>();

            internal VerifyingHost(Process process)
            {
                this.process = process;
                process.OutputDataReceived += (sender, e) => Heard(e.Data);
                process.BeginOutputReadLine();
            }

            /// <summary>Waits until the host has revealed the key, so that it knows it before it is rotated.</summary>
            internal void WaitToLearn(string keyId) =>
                Assert.True(LogTestStore.Eventually(() => keys.ContainsKey(keyId), TimeSpan.FromSeconds(30)), $"a verifying host never learned {keyId}");

            /// <summary>When the host first refused the key, on the monotonic clock; null if it never did.</summary>
            internal long? RefusedAt(string keyId) => keys.TryGetValue(keyId, out long? at) ? at : null;

            /// <summary>Closes the host's input, waits for it, and returns what it reported as wrong.</summary>
            internal IEnumerable<string> Stop()
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(30_000))
                {
                    process.Kill();
                    return new[] { "a verifying host did not stop" };
                }

                process.WaitForExit();
                var wrong = said.Where(line => line.StartsWith("violation", StringComparison.Ordinal) || line.StartsWith("ErrorId", StringComparison.Ordinal)).ToList();
                if (!said.Any(line => line.StartsWith("ok ", StringComparison.Ordinal) && line != "ok 0"))
                {
                    wrong.Add($"a verifying host ended without verifying (exit {process.ExitCode}): {process.StandardError.ReadToEnd().Trim()}");
                }

                process.Dispose();
                return wrong;
            }

            private void Heard(string line)
            {
                if (line == null)
                {
                    return;
                }

                said.Enqueue(line);
                string[] parts = line.Split(' ');
                if (parts[0] == "learned")
                {
                    keys.TryAdd(parts[1], null);
                }
                else if (parts[0] == "refused")
                {
                    keys[parts[1]] = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
    }
}
