using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Verification;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>The scenarios that run in this process against the core: the verifier, the call writer and pruning.</summary>
    internal static class CoreScenarios
    {
        /// <summary>A valid key verified over and over by the embedded verifier, against raw SHA-256 of the same bytes.</summary>
        internal static ResultRow Verify(Fixtures fixtures, BenchSize size)
        {
            string secret = fixtures.FreshStore("verify", "acme", out string path);
            double shaRate = Sha256Rate(secret, size.VerifyIterations, out double shaCpuNs);
            // Where a verify's time goes: the format check and the hash the verifier makes, each alone.
            double formatNs = CpuNsPerCall(size.VerifyIterations / 4, () => KeyFormat.IsWellFormed(secret, out _));
            double hashNs = CpuNsPerCall(size.VerifyIterations / 4, () => SecretHash.Compute(secret));

            long[] ticks = new long[size.VerifyIterations];
            double seconds;
            double verifyCpuNs;
            using (var verifier = new KeyVerifier(new SqliteKeyStore(path, Fixtures.StoreOptions), ProtectionKeyFolder.ForCurrentUser()))
            {
                for (int i = 0; i < Math.Min(50_000, size.VerifyIterations); i++)
                {
                    Check(verifier.Verify(secret, "GET", "/crm/v3/objects/contacts", "203.0.113.7"));
                }

                long start = Stopwatch.GetTimestamp();
                long cpuStart = ThreadCpu.NowNs();
                for (int i = 0; i < ticks.Length; i++)
                {
                    long before = Stopwatch.GetTimestamp();
                    VerificationResult result = verifier.Verify(secret, "GET", "/crm/v3/objects/contacts", "203.0.113.7");
                    ticks[i] = Stopwatch.GetTimestamp() - before;
                    if (!result.IsValid)
                    {
                        Check(result);
                    }
                }

                seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
                verifyCpuNs = (ThreadCpu.NowNs() - cpuStart) / (double)ticks.Length;
            }

            long written;
            using (SqliteConnection c = Fixtures.OpenRaw(path, readOnly: true))
            {
                written = Fixtures.Scalar(c, "SELECT count(*) FROM calls");
            }

            long verified = ticks.Length + Math.Min(50_000, size.VerifyIterations);
            double rate = ticks.Length / seconds;
            Array.Sort(ticks);
            double p99 = ticks[(int)(ticks.Length * 0.99)] * 1e6 / Stopwatch.Frequency;
            double ratio = rate / shaRate;
            return new ResultRow("verify", $"{ResultRow.Rate(rate)}, p99 {ResultRow.Us(p99)}", "SHA-256 " + ResultRow.Rate(shaRate), ratio,
                "≥ 0.5 × SHA-256; p99 < 20 µs", ratio >= 0.5 && p99 < 20,
                $"{(ThreadCpu.IsThreadTime ? "thread CPU time" : "wall time")} per operation: verify {verifyCpuNs:N0} ns, SHA-256 {shaCpuNs:N0} ns " +
                $"(ratio {shaCpuNs / verifyCpuNs:0.00}); alone, SecretHash.Compute takes {hashNs:N0} ns and the format check {formatNs:N0} ns, which a key already in the cache skips; the batch writer's thread, on the other core, is not counted; " +
                $"{verified:N0} calls verified, {written:N0} rows written, {verified - written:N0} dropped by the full queue");
        }

        /// <summary>
        /// Verify and record, sustained: calls are offered at the rate raw batched inserts just reached, and the rate
        /// counted is rows on disk over the time until the last one was written. A writer that keeps up scores 1; one
        /// that falls behind ends with a backlog to flush (or drops) and scores less. Offering more than the insert limit
        /// would only measure the queue overflowing, and on two loaded cores the spinning producer starved the writer.
        /// </summary>
        internal static ResultRow VerifyAndRecord(Fixtures fixtures, BenchSize size)
        {
            double baseline = RawInsertRate(fixtures, size.Sustain);
            string secret = fixtures.FreshStore("sustain", "acme", out string path);
            (long verified, double seconds) = Sustain(new SqliteKeyStore(path, Fixtures.StoreOptions), secret, baseline, size.Sustain);
            long rows;
            using (SqliteConnection c = Fixtures.OpenRaw(path, readOnly: true))
            {
                rows = Fixtures.Scalar(c, "SELECT count(*) FROM calls");
            }

            double rate = rows / seconds;
            double ratio = rate / baseline;
            double appendRate = AppendCallsRate(fixtures, size.Sustain);
            return new ResultRow("verify-record", $"{ResultRow.Rate(rate)} written", "raw insert " + ResultRow.Rate(baseline), ratio,
                "≥ 0.7 × raw batched insert", ratio >= 0.7,
                $"{verified:N0} calls offered at the raw insert rate for {size.Sustain.TotalSeconds:N0} s; {rows:N0} rows written by {seconds:N1} s " +
                $"({verified - rows:N0} dropped by the full queue); SqliteKeyStore.AppendCalls alone, 10,000-row batches, no verifier: " +
                $"{ResultRow.Rate(appendRate)} ({appendRate / baseline:0.00} of raw)");
        }

        /// <summary>
        /// A service's verifier over <paramref name="store"/> verifying <paramref name="secret"/> at <paramref name="offered"/>
        /// calls a second for <paramref name="duration"/>; returns the calls verified and the seconds until the verifier,
        /// disposed, had written the last of them, so a rate over rows in the store counts only rows written.
        /// </summary>
        internal static (long Verified, double Seconds) Sustain(IKeyStore store, string secret, double offered, TimeSpan duration)
        {
            long verified = 0;
            var watch = Stopwatch.StartNew();
            using (var verifier = new KeyVerifier(store, ProtectionKeyFolder.ForCurrentUser()))
            {
                while (watch.Elapsed < duration)
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        Check(verifier.Verify(secret, "GET", "/crm/v3/objects/contacts", "203.0.113.7"));
                    }

                    verified += 1000;
                    double ahead = verified / offered - watch.Elapsed.TotalSeconds;
                    if (ahead > 0.001)
                    {
                        Thread.Sleep(TimeSpan.FromSeconds(ahead));
                    }
                }
            }

            return (verified, watch.Elapsed.TotalSeconds);
        }

        /// <summary>The store's own batch insert, given ready CallEntry batches: what the writer thread does, alone.</summary>
        private static double AppendCallsRate(Fixtures fixtures, TimeSpan duration)
        {
            fixtures.FreshStore("append", "acme", out string path);
            string keyId;
            using (SqliteConnection c = Fixtures.OpenRaw(path, readOnly: true))
            using (SqliteCommand command = c.CreateCommand())
            {
                command.CommandText = "SELECT key_id FROM keys";
                keyId = (string)command.ExecuteScalar();
            }

            long rows = 0;
            var watch = Stopwatch.StartNew();
            using (var store = new SqliteKeyStore(path, Fixtures.StoreOptions))
            {
                while (watch.Elapsed < duration)
                {
                    var batch = new List<CallEntry>(10_000);
                    DateTimeOffset now = DateTimeOffset.UtcNow;
                    for (int i = 0; i < 10_000; i++)
                    {
                        batch.Add(new CallEntry
                        {
                            Timestamp = now, Account = "acme", KeyId = keyId, Kind = KeyKind.Standard, Method = "GET", Path = "/crm/v3/objects/contacts",
                            ClientAddress = "203.0.113.7", Outcome = CallOutcome.Allowed, Reason = VerificationReason.Valid,
                        });
                    }

                    store.AppendCalls(batch);
                    rows += batch.Count;
                }
            }

            return rows / watch.Elapsed.TotalSeconds;
        }

        /// <summary>A verifier in a loop while a second store object (its own connection) rotates the key.</summary>
        internal static ResultRow RotationVisible(Fixtures fixtures, BenchSize size)
        {
            string secret = fixtures.FreshStore("visible", "acme", out string path);
            var latencies = new List<double>();
            using (var verifier = new KeyVerifier(new SqliteKeyStore(path, Fixtures.StoreOptions), ProtectionKeyFolder.ForCurrentUser()))
            using (ApiKeyManager other = Fixtures.NewManager(path))
            {
                for (int round = 0; round < size.VisibleRotations; round++)
                {
                    Check(verifier.Verify(secret));
                    long refusedAt = 0;
                    using var started = new ManualResetEventSlim();
                    string current = secret;
                    var watcher = new Thread(() =>
                    {
                        started.Set();
                        var deadline = Stopwatch.StartNew();
                        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
                        {
                            if (!verifier.Verify(current).IsValid)
                            {
                                refusedAt = Stopwatch.GetTimestamp();
                                return;
                            }

                            Thread.SpinWait(200);
                        }
                    });
                    watcher.Start();
                    started.Wait();
                    Thread.Sleep(50);
                    secret = other.Keys.Rotate("acme", KeyKind.Standard, null, null).Secret;
                    long committed = Stopwatch.GetTimestamp();
                    watcher.Join();
                    latencies.Add(refusedAt == 0 ? double.PositiveInfinity
                        : Math.Max(0, refusedAt - committed) * 1000.0 / Stopwatch.Frequency);
                }
            }

            double worst = latencies.Max();
            return new ResultRow("rotation-visible", $"worst {ResultRow.Ms(worst)} of {latencies.Count} (median {ResultRow.Ms(Median(latencies))})",
                null, null, "old key refused < 1 s after commit", worst < 1000);
        }

        /// <summary>
        /// The batch writer's own pruning (a verifier's CallLogWriter) deleting the expired rows while two other store
        /// objects, as other service processes would, keep appending call rows; every append is timed.
        /// </summary>
        internal static ResultRow Prune(Fixtures fixtures, BenchSize size)
        {
            string path = fixtures.PruneStore();
            long cutoff = DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeMilliseconds();
            long expired;
            using (SqliteConnection c = Fixtures.OpenRaw(path, readOnly: true))
            {
                expired = Fixtures.Scalar(c, $"SELECT count(*) FROM calls WHERE ts < {cutoff}");
            }

            using var stop = new CancellationTokenSource();
            var waits = new List<double>[2];
            var slow = new List<string>();
            long scenarioStart = Stopwatch.GetTimestamp();
            var writers = new Thread[2];
            for (int w = 0; w < writers.Length; w++)
            {
                var mine = waits[w] = new List<double>();
                writers[w] = new Thread(() =>
                {
                    using var store = new SqliteKeyStore(path, Fixtures.StoreOptions);
                    var batch = Enumerable.Range(0, 50).Select(_ => new CallEntry
                    {
                        Timestamp = DateTimeOffset.UtcNow, Account = Fixtures.BusyAccount, Method = "GET", Path = "/crm", ClientAddress = "203.0.113.9",
                        Outcome = CallOutcome.Allowed, Reason = VerificationReason.Valid,
                    }).ToList();
                    while (!stop.IsCancellationRequested)
                    {
                        long before = Stopwatch.GetTimestamp();
                        store.AppendCalls(batch);
                        double ms = (Stopwatch.GetTimestamp() - before) * 1000.0 / Stopwatch.Frequency;
                        mine.Add(ms);
                        if (ms > 100)
                        {
                            lock (slow)
                            {
                                slow.Add($"{ms:N0} ms at {(before - scenarioStart) / (double)Stopwatch.Frequency:N1} s (append #{mine.Count})");
                            }
                        }
                        Thread.Sleep(10);
                    }
                });
                writers[w].Start();
            }

            // A third writer on a raw connection splits its waits: for the write lock (BEGIN IMMEDIATE) and for the rest
            // (inserts and commit, which wait on the disk, not on the pruner).
            var lockWaits = new List<double>();
            var ioWaits = new List<double>();
            var raw = new Thread(() =>
            {
                using SqliteConnection c = Fixtures.OpenRaw(path);
                Fixtures.Exec(c, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;");
                var source = new CallRowSource(new List<(long, long)> { (Fixtures.Scalar(c, "SELECT min(id) FROM accounts"), Fixtures.Scalar(c, "SELECT min(id) FROM keys")) }, 1);
                using SqliteCommand insert = CallRowSource.PrepareInsert(c, null, out SqliteParameter[] p);
                using SqliteCommand begin = c.CreateCommand();
                begin.CommandText = "BEGIN IMMEDIATE";
                using SqliteCommand commit = c.CreateCommand();
                commit.CommandText = "COMMIT";
                while (!stop.IsCancellationRequested)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    begin.ExecuteNonQuery();
                    long t1 = Stopwatch.GetTimestamp();
                    for (int i = 0; i < 50; i++)
                    {
                        source.Bind(p, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                        insert.ExecuteNonQuery();
                    }

                    commit.ExecuteNonQuery();
                    long t2 = Stopwatch.GetTimestamp();
                    lockWaits.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
                    ioWaits.Add((t2 - t1) * 1000.0 / Stopwatch.Frequency);
                    Thread.Sleep(10);
                }
            });
            raw.Start();
            Thread.Sleep(200);
            long pruneStart = Stopwatch.GetTimestamp();
            var watch = Stopwatch.StartNew();
            var options = new KeyVerifierOptions { FlushInterval = TimeSpan.FromMilliseconds(20), PruneInterval = TimeSpan.FromHours(1) };
            using (var pruner = new KeyVerifier(new SqliteKeyStore(path, Fixtures.StoreOptions), ProtectionKeyFolder.ForCurrentUser(), options))
            using (SqliteConnection c = Fixtures.OpenRaw(path, readOnly: true))
            {
                while (Fixtures.Scalar(c, $"SELECT EXISTS (SELECT 1 FROM calls WHERE ts < {cutoff})") != 0)
                {
                    if (watch.Elapsed > TimeSpan.FromMinutes(30))
                    {
                        throw new TimeoutException("Pruning did not finish in 30 minutes.");
                    }

                    Thread.Sleep(100);
                }
            }

            double seconds = watch.Elapsed.TotalSeconds;
            stop.Cancel();
            foreach (Thread writer in writers)
            {
                writer.Join();
            }

            raw.Join();

            List<double> all = waits.SelectMany(w => w).ToList();
            double longest = all.Max();
            all.Sort();
            double p99 = all[(int)(all.Count * 0.99)];
            int over = all.Count(w => w > 100);
            return new ResultRow("prune", $"longest writer wait {ResultRow.Ms(longest)} (p99 {ResultRow.Ms(p99)}, median {ResultRow.Ms(Median(all))}; {over} of {all.Count:N0} appends over 100 ms)",
                null, null, "no writer waits > 100 ms", longest <= 100,
                $"{expired:N0} expired rows pruned in {seconds:N1} s ({expired / seconds:N0}/s); a raw writer's longest wait for the " +
                $"write lock {ResultRow.Ms(lockWaits.Max())}, longest insert+commit of 50 rows {ResultRow.Ms(ioWaits.Max())}; pruning started at " +
                $"{(pruneStart - scenarioStart) / (double)Stopwatch.Frequency:N1} s" + (slow.Count == 0 ? string.Empty : "; waits over 100 ms: " + string.Join(", ", slow)));
        }

        internal static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        private static double CpuNsPerCall(int iterations, Action action)
        {
            for (int i = 0; i < 10_000; i++)
            {
                action();
            }

            long start = ThreadCpu.NowNs();
            for (int i = 0; i < iterations; i++)
            {
                action();
            }

            return (ThreadCpu.NowNs() - start) / (double)iterations;
        }

        private static double Sha256Rate(string secret, int iterations, out double cpuNs)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(secret);
            Span<byte> hash = stackalloc byte[32];
            for (int i = 0; i < 10_000; i++)
            {
                SHA256.HashData(bytes, hash);
            }

            long start = Stopwatch.GetTimestamp();
            long cpuStart = ThreadCpu.NowNs();
            for (int i = 0; i < iterations; i++)
            {
                SHA256.HashData(bytes, hash);
            }

            cpuNs = (ThreadCpu.NowNs() - cpuStart) / (double)iterations;
            return iterations / ((Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency);
        }

        /// <summary>Microsoft.Data.Sqlite alone: one prepared insert, 10,000-row transactions, into the real schema.</summary>
        private static double RawInsertRate(Fixtures fixtures, TimeSpan duration)
        {
            fixtures.FreshStore("raw-insert", "acme", out string path);
            using SqliteConnection c = Fixtures.OpenRaw(path);
            Fixtures.Exec(c, "PRAGMA synchronous = NORMAL;");
            var ids = new List<(long, long)> { (Fixtures.Scalar(c, "SELECT id FROM accounts"), Fixtures.Scalar(c, "SELECT id FROM keys")) };
            var source = new CallRowSource(ids, busyShare: 1);
            long rows = 0;
            var watch = Stopwatch.StartNew();
            using (SqliteCommand insert = CallRowSource.PrepareInsert(c, null, out SqliteParameter[] p))
            {
                while (watch.Elapsed < duration)
                {
                    using SqliteTransaction transaction = c.BeginTransaction();
                    insert.Transaction = transaction;
                    long ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    for (int i = 0; i < 10_000; i++)
                    {
                        source.Bind(p, ts);
                        insert.ExecuteNonQuery();
                    }

                    transaction.Commit();
                    rows += 10_000;
                }
            }

            return rows / watch.Elapsed.TotalSeconds;
        }

        internal static void Check(VerificationResult result)
        {
            if (!result.IsValid)
            {
                throw new InvalidOperationException($"The benchmark key did not verify: {result.Reason}.");
            }
        }
    }
}
