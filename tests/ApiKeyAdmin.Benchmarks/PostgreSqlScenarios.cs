using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Verification;
using Npgsql;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// The scenarios against a PostgreSQL store: the server named by --connection or $env:APIKEYADMIN_BENCH_CONNECTION
    /// (a role with the grants docs/postgresql.md lists), else a throw-away server from Debian's postgresql package, as
    /// the tests start one. Each scenario has a schema of its own, made again on every run. Without a server the rows
    /// say why and count as skipped.
    /// </summary>
    internal sealed class PostgreSqlScenarios
    {
        internal const string ConnectionVariable = "APIKEYADMIN_BENCH_CONNECTION";
        private const string SchemaPrefix = "bench_";
        private const long DayMs = 24L * 60 * 60 * 1000;

        private readonly string server;
        private readonly string unavailable;
        private readonly bool throwAway;
        private readonly BenchSize size;

        internal PostgreSqlScenarios(string connection, BenchSize size)
        {
            this.size = size;
            connection ??= Environment.GetEnvironmentVariable(ConnectionVariable);
            if (!string.IsNullOrEmpty(connection))
            {
                server = connection;
            }
            else if (PostgreSqlServer.SkipReason != null)
            {
                unavailable = PostgreSqlServer.SkipReason;
            }
            else
            {
                server = PostgreSqlServer.Instance.ConnectionString;
                throwAway = true;
            }
        }

        /// <summary>
        /// Verify and record against PostgreSQL, offered at the rate a raw binary COPY of the same rows just reached, as
        /// the SQLite scenario offers the raw insert rate; the rate is rows in the table over the time until the last one.
        /// </summary>
        internal ResultRow VerifyAndRecord()
        {
            if (unavailable != null)
            {
                return Skipped("pg-verify-record");
            }

            double baseline = RawCopyRate(size.Sustain);
            string connection = FreshStore("sustain", new[] { "acme" }, out string[] secrets);
            (long verified, double seconds) = CoreScenarios.Sustain(new PostgreSqlKeyStore(connection), secrets[0], baseline, size.Sustain);
            long rows = Scalar(connection, "SELECT count(*) FROM calls");
            double rate = rows / seconds;
            double ratio = rate / baseline;
            return new ResultRow("pg-verify-record", $"{ResultRow.Rate(rate)} written", "raw binary COPY " + ResultRow.Rate(baseline), ratio,
                "≥ 0.7 × raw batched insert", ratio >= 0.7,
                $"{verified:N0} calls offered at the raw COPY rate for {size.Sustain.TotalSeconds:N0} s; {rows:N0} rows written by {seconds:N1} s " +
                $"({verified - rows:N0} dropped by the full queue); {ServerNote()}");
        }

        /// <summary>
        /// A verifier in this process watches keys that another process rotates one by one; the latency is from each
        /// rotation's commit (the other process's monotonic clock, the same clock as this one's) to the old key's refusal.
        /// </summary>
        internal ResultRow RotationVisible()
        {
            if (unavailable != null)
            {
                return Skipped("pg-rotation-visible");
            }

            int rounds = Math.Max(2, size.VisibleRotations);
            string[] accounts = Enumerable.Range(0, rounds).Select(i => $"visible{i:D3}").ToArray();
            string connection = FreshStore("visible", accounts, out string[] secrets);
            var committed = new long[rounds];
            var refused = new long[rounds];
            using (var verifier = new KeyVerifier(new PostgreSqlKeyStore(connection), ProtectionKeyFolder.ForCurrentUser()))
            {
                foreach (string secret in secrets)
                {
                    CoreScenarios.Check(verifier.Verify(secret));
                }

                using Process rotator = StartRotator(connection, accounts);
                var reader = new Thread(() =>
                {
                    string line;
                    while ((line = rotator.StandardOutput.ReadLine()) != null)
                    {
                        string[] parts = line.Split(' ');
                        if (parts.Length == 3 && parts[0] == "ROTATED")
                        {
                            Volatile.Write(ref committed[int.Parse(parts[1], CultureInfo.InvariantCulture)], long.Parse(parts[2], CultureInfo.InvariantCulture));
                        }
                    }
                });
                reader.Start();
                var deadline = Stopwatch.StartNew();
                int pending = rounds;
                while (pending > 0 && deadline.Elapsed < TimeSpan.FromSeconds(30 + rounds))
                {
                    for (int i = 0; i < rounds; i++)
                    {
                        if (refused[i] == 0 && !verifier.Verify(secrets[i]).IsValid)
                        {
                            refused[i] = Stopwatch.GetTimestamp();
                            pending--;
                        }
                    }

                    Thread.SpinWait(200);
                }

                rotator.WaitForExit();
                reader.Join();
                if (rotator.ExitCode != 0)
                {
                    throw new InvalidOperationException($"The rotating process failed (exit {rotator.ExitCode}): {rotator.StandardError.ReadToEnd()}");
                }
            }

            // A key seen refused before its commit line was printed counts as 0 ms: the line comes after the commit.
            var latencies = Enumerable.Range(0, rounds).Select(i => refused[i] == 0 || committed[i] == 0 ? double.PositiveInfinity
                : Math.Max(0, refused[i] - committed[i]) * 1000.0 / Stopwatch.Frequency).ToList();
            double worst = latencies.Max();
            return new ResultRow("pg-rotation-visible", $"worst {ResultRow.Ms(worst)} of {rounds} (median {ResultRow.Ms(CoreScenarios.Median(latencies))})",
                null, null, "old key refused < 1 s after commit", worst < 1000,
                $"rotations by another process, one every 200 ms; the verifier LISTENs and polls every 100 ms; {ServerNote()}");
        }

        /// <summary>Get-ApiKeyCallLog for the busy account's last day in the big call log, against a bare NpgsqlDataReader.</summary>
        internal ResultRow CallLogDay()
        {
            if (unavailable != null)
            {
                return Skipped("pg-calllog-day");
            }

            string connection = CallLogStore(out long anchor);
            long since = anchor - DayMs;
            string sql = "SELECT c.ts, a.name, k.key_id, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint " +
                "FROM calls c LEFT JOIN accounts a ON a.id = c.account_id LEFT JOIN keys k ON k.id = c.key_row " +
                $"WHERE c.account_id = (SELECT id FROM accounts WHERE name = '{Fixtures.BusyAccount}') AND c.ts >= {since} AND c.ts < {anchor} ORDER BY c.ts DESC";
            RawRead(connection, sql, out _, out _);
            double rawRate = RawRead(connection, sql, out long rawRows, out double rawFirstMs);
            Dictionary<string, double> r = ModuleScenarios.Child("calllog", new Dictionary<string, string> { ["APIKEYADMIN_CONNECTION"] = connection },
                ("account", Fixtures.BusyAccount), ("since", since.ToString(CultureInfo.InvariantCulture)), ("until", anchor.ToString(CultureInfo.InvariantCulture)));
            double rate = r["rows"] / r["seconds"];
            double ratio = rate / rawRate;
            return new ResultRow("pg-calllog-day", $"first row {ResultRow.Ms(r["firstRowMs"])}, {ResultRow.Rate(rate)} ({r["rows"]:N0} rows)",
                $"raw reader {ResultRow.Rate(rawRate)}, first row {ResultRow.Ms(rawFirstMs)}", ratio,
                "first row < 50 ms", r["firstRowMs"] < 50 && (long)r["rows"] == rawRows,
                $"log of {size.CallRows:N0} rows in day partitions; {rawRows:N0} rows for the account's day; {ServerNote()}");
        }

        /// <summary>The rotating side of <see cref="RotationVisible"/>: run as a child process of this program.</summary>
        internal static int RunRotator(string connection, string[] accounts)
        {
            using ApiKeyManager manager = NewManager(connection);
            for (int i = 0; i < accounts.Length; i++)
            {
                Thread.Sleep(200);
                manager.Keys.Rotate(accounts[i], KeyKind.Standard, null, null);
                Console.WriteLine($"ROTATED {i} {Stopwatch.GetTimestamp()}");
                Console.Out.Flush();
            }

            return 0;
        }

        private ResultRow Skipped(string scenario) => new ResultRow(scenario, "skipped", null, null, "-", null, "no PostgreSQL server: " + unavailable);

        // As the module's commands act on a shared store: as its login, so that the child processes' commands find the role.
        private static ApiKeyManager NewManager(string connection)
        {
            var store = new PostgreSqlKeyStore(connection);
            return new ApiKeyManager(store, new StoreLoginIdentity(store), ProtectionKeyFolder.ForCurrentUser());
        }

        private static Process StartRotator(string connection, string[] accounts)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "ApiKeyAdmin.Benchmarks.dll"));
            start.ArgumentList.Add("--child");
            start.ArgumentList.Add("pg-rotate");
            start.ArgumentList.Add("--accounts");
            start.ArgumentList.Add(string.Join(",", accounts));
            // The connection string carries a password: the environment, not the command line others can read.
            start.Environment["APIKEYADMIN_CONNECTION"] = connection;
            return Process.Start(start);
        }

        /// <summary>A bare NpgsqlDataReader: every column read with its typed getter, nothing built.</summary>
        private static double RawRead(string connection, string sql, out long rows, out double firstMs)
        {
            long start = Stopwatch.GetTimestamp();
            using var c = new NpgsqlConnection(connection);
            c.Open();
            using var command = new NpgsqlCommand(sql, c);
            using NpgsqlDataReader r = command.ExecuteReader();
            return ModuleScenarios.Scan(r, start, namesJoined: true, out rows, out firstMs);
        }

        private static long Scalar(string connection, string sql)
        {
            using var c = new NpgsqlConnection(connection);
            c.Open();
            using var command = new NpgsqlCommand(sql, c);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        /// <summary>Npgsql alone: binary COPY of 10,000-row batches into the real schema's call table.</summary>
        private double RawCopyRate(TimeSpan duration)
        {
            string connection = FreshStore("raw_copy", new[] { "acme" }, out _);
            MakeDayPartitions(connection, new[] { DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            using var c = new NpgsqlConnection(connection);
            c.Open();
            var ids = new List<(long, long)> { (Scalar(connection, "SELECT id FROM accounts"), Scalar(connection, "SELECT id FROM keys")) };
            var source = new CallRowSource(ids, busyShare: 1);
            long rows = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < duration)
            {
                using (NpgsqlBinaryImporter copy = c.BeginBinaryImport(CallRowSource.CopySql))
                {
                    long ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    for (int i = 0; i < 10_000; i++)
                    {
                        source.Write(copy, ts);
                    }

                    copy.Complete();
                }

                rows += 10_000;
            }

            return rows / watch.Elapsed.TotalSeconds;
        }

        /// <summary>
        /// The call log of <see cref="BenchSize.CallRows"/> rows over the last 7 days, as in the SQLite scenario: keys
        /// through the core, rows by binary COPY.
        /// </summary>
        private string CallLogStore(out long anchor)
        {
            var accounts = new List<string> { Fixtures.BusyAccount };
            for (int i = 1; i < size.CallAccounts; i++)
            {
                accounts.Add($"acct{i:D5}");
            }

            Fixtures.Log($"building the {size.Name} PostgreSQL call log ({size.CallRows:N0} rows)");
            var watch = Stopwatch.StartNew();
            string connection = FreshStore("calls", accounts, out _);
            anchor = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long start = anchor - 7 * DayMs + 60_000;
            MakeDayPartitions(connection, Enumerable.Range(0, 8).Select(d => start + d * DayMs - 60_000));

            var ids = new List<(long, long)>();
            using (var c = new NpgsqlConnection(connection))
            {
                c.Open();
                using (var select = new NpgsqlCommand("SELECT a.id, k.id FROM accounts a JOIN keys k ON k.account_id = a.id ORDER BY a.id", c))
                using (NpgsqlDataReader r = select.ExecuteReader())
                {
                    while (r.Read())
                    {
                        ids.Add((r.GetInt64(0), r.GetInt64(1)));
                    }
                }

                var source = new CallRowSource(ids, busyShare: 0.3);
                double step = (double)(anchor - start) / size.CallRows;
                using (NpgsqlBinaryImporter copy = c.BeginBinaryImport(CallRowSource.CopySql))
                {
                    for (long done = 0; done < size.CallRows; done++)
                    {
                        source.Write(copy, start + (long)(done * step));
                    }

                    copy.Complete();
                }

                using (var analyze = new NpgsqlCommand("ANALYZE", c))
                {
                    analyze.ExecuteNonQuery();
                }
            }

            Fixtures.Log($"built in {watch.Elapsed.TotalSeconds:N0} s");
            return connection;
        }

        /// <summary>
        /// Has the store make the day partitions of these times, by writing one refused call at each: partitions are
        /// the store's to name and bound, and raw COPY needs them to exist.
        /// </summary>
        private static void MakeDayPartitions(string connection, IEnumerable<long> times)
        {
            using var store = new PostgreSqlKeyStore(connection);
            store.AppendCalls(times.Select(ms => new CallEntry
            {
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms), Method = "GET", Path = "/", ClientAddress = "203.0.113.1",
                Outcome = CallOutcome.Denied, Reason = VerificationReason.Unknown,
            }).ToList());
        }

        /// <summary>A schema of its own for the scenario, emptied first, with a key for each account made through the core.</summary>
        private string FreshStore(string name, IReadOnlyList<string> accounts, out string[] secrets)
        {
            string schema = SchemaPrefix + name;
            using (var c = new NpgsqlConnection(server))
            {
                c.Open();
                using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", c);
                drop.ExecuteNonQuery();
            }

            string connection = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
            using ApiKeyManager manager = NewManager(connection);
            secrets = accounts.Select(a => manager.Keys.Create(a, KeyKind.Standard, null).Secret).ToArray();
            return connection;
        }

        private string ServerNote()
        {
            var builder = new NpgsqlConnectionStringBuilder(server);
            return throwAway
                ? "throw-away server on loopback (fsync and synchronous_commit off, as in the tests)"
                : $"server {builder.Host}:{builder.Port}";
        }
    }
}
