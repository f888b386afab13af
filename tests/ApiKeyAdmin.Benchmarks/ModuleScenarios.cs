using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// The scenarios through the module in the hosted engine. Each runs in a child process of this program; the raw
    /// reader baselines run here, in the parent, as DECISIONS asks of baselines.
    /// </summary>
    internal static class ModuleScenarios
    {
        private const long DayMs = 24L * 60 * 60 * 1000;

        /// <summary>Import-Module and a first Get-ApiKey in a fresh process.</summary>
        internal static ResultRow Import(Fixtures fixtures, string work)
        {
            fixtures.FreshStore("import", "acme", out string path);
            Dictionary<string, double> r = Child("import", ("store", path));
            double total = r["importMs"] + r["firstGetMs"];
            return new ResultRow("import", $"import {ResultRow.Ms(r["importMs"])} + first Get-ApiKey {ResultRow.Ms(r["firstGetMs"])} = {ResultRow.Ms(total)}",
                "runspace open " + ResultRow.Ms(r["runspaceMs"]), null, "< 300 ms", total < 300);
        }

        /// <summary>Get-ApiKeyCallLog for the busy account's last day, against a bare reader over the same rows.</summary>
        internal static ResultRow CallLogDay(Fixtures fixtures)
        {
            CallStore store = fixtures.CallLogStore();
            long until = store.AnchorMs;
            long since = until - DayMs;
            string sql = "SELECT c.ts, c.account_id, c.key_row, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint " +
                $"FROM calls c WHERE c.account_id = (SELECT id FROM accounts WHERE name = '{Fixtures.BusyAccount}') AND c.ts >= {since} AND c.ts < {until} ORDER BY c.ts DESC";
            RawRead(store.Path, sql, out _, out _);
            double rawRate = RawRead(store.Path, sql, out long rawRows, out double rawFirstMs);
            Dictionary<string, double> r = Child("calllog", ("store", store.Path), ("account", Fixtures.BusyAccount), ("since", since.ToString()), ("until", until.ToString()));
            double rate = r["rows"] / r["seconds"];
            double ratio = rate / rawRate;
            return new ResultRow("calllog-day", $"first row {ResultRow.Ms(r["firstRowMs"])}, {ResultRow.Rate(rate)} ({r["rows"]:N0} rows)",
                $"raw reader {ResultRow.Rate(rawRate)}, first row {ResultRow.Ms(rawFirstMs)}", ratio,
                "first row < 50 ms; ≥ 0.3 × raw reader", r["firstRowMs"] < 50 && ratio >= 0.3 && (long)r["rows"] == rawRows,
                $"store of {store.Rows:N0} rows; {rawRows:N0} rows for the account's day");
        }

        /// <summary>The whole retained log through the pipeline: peak working set against the working set before it.</summary>
        internal static ResultRow CallLogWeek(Fixtures fixtures)
        {
            CallStore store = fixtures.CallLogStore();
            long since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 7 * DayMs;
            string sql = "SELECT c.ts, c.account_id, c.key_row, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint " +
                $"FROM calls c WHERE c.ts >= {since} ORDER BY c.ts DESC";
            // Once to warm the page cache, as the day scenario does: measured cold, the bare reader came out slower than
            // the cmdlet that read the same pages after it.
            RawRead(store.Path, sql, out _, out _);
            double rawRate = RawRead(store.Path, sql, out long rawRows, out _);
            Dictionary<string, double> r = Child("week", ("store", store.Path));
            double rate = r["rows"] / r["seconds"];
            long growth = (long)(r["peakWorkingSet"] - r["startWorkingSet"]);
            return new ResultRow("calllog-week", $"{ResultRow.Rate(rate)} ({r["rows"]:N0} rows), peak WS {ResultRow.Mb((long)r["peakWorkingSet"])} (+{ResultRow.Mb(growth)})",
                $"raw reader {ResultRow.Rate(rawRate)}", rate / rawRate, "memory flat (growth < 100 MB)", growth < 100L * 1024 * 1024,
                $"working set {ResultRow.Mb((long)r["startWorkingSet"])} after import; the raw reader saw {rawRows:N0} rows");
        }

        /// <summary>Invoke-ApiKeyRotation, one command per rotation, on a store with many accounts.</summary>
        internal static ResultRow Rotate(Fixtures fixtures, BenchSize size)
        {
            string path = fixtures.RotationStore();
            Dictionary<string, double> r = Child("rotate", ("store", path), ("rotations", size.Rotations.ToString()));
            return new ResultRow("rotate", $"mean {ResultRow.Ms(r["meanMs"])} per rotation (median {ResultRow.Ms(r["medianMs"])}, max {ResultRow.Ms(r["maxMs"])})",
                null, null, $"< 10 ms per rotation ({size.RotationAccounts:N0} accounts)", r["meanMs"] < 10);
        }

        /// <summary>
        /// The child resolves the module's ApiKeyAdmin.Core and Microsoft.Data.Sqlite from this program's folder first
        /// (they are on the trusted platform list), so they must be the very files the module ships: checked, not assumed.
        /// </summary>
        internal static string CheckSharedAssemblies()
        {
            string moduleDir = Path.GetDirectoryName(Repo.ManifestPath);
            var differ = new List<string>();
            foreach (string name in new[] { "ApiKeyAdmin.Core.dll", "Microsoft.Data.Sqlite.dll", "SQLitePCLRaw.core.dll" })
            {
                string ours = Path.Combine(AppContext.BaseDirectory, name);
                string theirs = Path.Combine(moduleDir, name);
                if (!File.Exists(theirs))
                {
                    throw new InvalidOperationException($"{theirs} is missing: build the module first (dotnet build -c Release).");
                }

                if (name.StartsWith("ApiKeyAdmin", StringComparison.Ordinal) ? !SameBytes(ours, theirs)
                    : AssemblyName.GetAssemblyName(ours).Version != AssemblyName.GetAssemblyName(theirs).Version)
                {
                    differ.Add(name);
                }
            }

            return differ.Count == 0 ? null : "differs from the module's copy: " + string.Join(", ", differ);
        }

        private static bool SameBytes(string a, string b) =>
            SHA256.HashData(File.ReadAllBytes(a)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(b)));

        /// <summary>A bare SqliteDataReader: every column read with its typed getter, nothing built.</summary>
        private static double RawRead(string path, string sql, out long rows, out double firstMs)
        {
            long start = Stopwatch.GetTimestamp();
            using SqliteConnection c = Fixtures.OpenRaw(path, readOnly: true);
            using SqliteCommand command = c.CreateCommand();
            command.CommandText = sql;
            using SqliteDataReader r = command.ExecuteReader();
            return Scan(r, start, namesJoined: false, out rows, out firstMs);
        }

        /// <summary>
        /// Reads every row of a call-log query with the typed getters, building nothing: the raw reader baselines. Columns
        /// 1 and 2 are the account and key row ids, or with <paramref name="namesJoined"/> their names.
        /// </summary>
        internal static double Scan(DbDataReader r, long start, bool namesJoined, out long rows, out double firstMs)
        {
            rows = 0;
            firstMs = 0;
            long sum = 0;
            while (r.Read())
            {
                if (rows++ == 0)
                {
                    firstMs = (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
                }

                sum += r.GetInt64(0);
                sum += r.IsDBNull(1) ? 0 : namesJoined ? r.GetString(1).Length : r.GetInt64(1);
                sum += r.IsDBNull(2) ? 0 : namesJoined ? r.GetString(2).Length : r.GetInt64(2);
                sum += r.IsDBNull(3) ? 0 : r.GetInt32(3);
                sum += r.GetString(4).Length + r.GetString(5).Length + r.GetString(6).Length;
                sum += r.GetInt32(7) + r.GetInt32(8);
                sum += r.IsDBNull(9) ? 0 : r.GetInt32(9);
                sum += r.IsDBNull(10) ? 0 : (long)r.GetDouble(10);
                sum += r.GetString(11).Length;
            }

            GC.KeepAlive(sum);
            return rows / ((Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency);
        }

        private static Dictionary<string, double> Child(string name, params (string Key, string Value)[] args) =>
            Child(name, new Dictionary<string, string>(), args);

        /// <summary>Runs a PowerShell scenario in a child process with extra environment variables; returns its results.</summary>
        internal static Dictionary<string, double> Child(string name, Dictionary<string, string> environment, params (string Key, string Value)[] args)
        {
            string self = Path.Combine(AppContext.BaseDirectory, "ApiKeyAdmin.Benchmarks.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["DOTNET_TieredCompilation"] = "1";
            foreach (KeyValuePair<string, string> variable in environment)
            {
                start.Environment[variable.Key] = variable.Value;
            }

            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(self);
            start.ArgumentList.Add("--child");
            start.ArgumentList.Add(name);
            foreach ((string key, string value) in args)
            {
                start.ArgumentList.Add("--" + key);
                start.ArgumentList.Add(value);
            }

            using Process child = Process.Start(start);
            var stderr = child.StandardError.ReadToEndAsync();
            string stdout = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            string line = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(PowerShellChild.ResultPrefix, StringComparison.Ordinal));
            if (child.ExitCode != 0 || line == null)
            {
                throw new InvalidOperationException($"Child scenario '{name}' failed (exit {child.ExitCode}):\n{stdout}\n{stderr.Result}");
            }

            return JsonSerializer.Deserialize<Dictionary<string, double>>(line.Substring(PowerShellChild.ResultPrefix.Length));
        }
    }
}
