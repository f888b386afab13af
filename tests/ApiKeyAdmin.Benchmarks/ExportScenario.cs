using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// Export-ApiKeyCallLog of the busy account's last day against Get-ApiKeyCallLog | Export-Csv of the same rows (in a
    /// child, the same run), and against the sqlite3 shell's own CSV of the same columns when sqlite3 is on PATH.
    /// </summary>
    internal static class ExportScenario
    {
        private const long DayMs = 24L * 60 * 60 * 1000;

        internal static ResultRow Run(Fixtures fixtures, string work)
        {
            CallStore store = fixtures.CallLogStore();
            long until = store.AnchorMs;
            long since = until - DayMs;
            string folder = Path.Combine(work, "export");
            Directory.CreateDirectory(folder);
            Dictionary<string, double> r = ModuleScenarios.Child("export", new Dictionary<string, string>(),
                ("store", store.Path), ("account", Fixtures.BusyAccount), ("since", since.ToString()), ("until", until.ToString()),
                ("export", Path.Combine(folder, "export.csv")), ("pipeline", Path.Combine(folder, "pipeline.csv")));
            double rate = r["rows"] / r["exportSeconds"];
            double pipelineRate = r["rows"] / r["pipelineSeconds"];
            double ratio = rate / pipelineRate;
            bool sameFile = r["sameFile"] == 1;

            string shell = OnPath("sqlite3");
            double? shellRatio = null;
            string shellText = "sqlite3 shell: skipped, not on PATH";
            if (shell != null)
            {
                // The same columns, names joined in as the module shows them, in the same order.
                string sql = "SELECT c.ts, a.name, k.key_id, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint " +
                    "FROM calls c LEFT JOIN accounts a ON a.id = c.account_id LEFT JOIN keys k ON k.id = c.key_row " +
                    $"WHERE c.account_id = (SELECT id FROM accounts WHERE name = '{Fixtures.BusyAccount}') AND c.ts >= {since} AND c.ts < {until} ORDER BY c.ts DESC, c.id DESC;";
                string output = Path.Combine(folder, "sqlite3.csv");
                SqliteShell(shell, store.Path, output, sql);
                double seconds = SqliteShell(shell, store.Path, output, sql);
                double shellRate = r["rows"] / seconds;
                shellRatio = rate / shellRate;
                shellText = $"sqlite3 .mode csv {ResultRow.Rate(shellRate)} ({rate / shellRate:0.00} ×)";
            }

            return new ResultRow("export-day", $"{ResultRow.Rate(rate)} ({r["rows"]:N0} rows)",
                $"Get-ApiKeyCallLog piped to Export-Csv {ResultRow.Rate(pipelineRate)}; {shellText}", ratio,
                "≥ 5 × Export-Csv, the same file; ≥ 0.7 × sqlite3 shell",
                ratio >= 5 && sameFile && (shellRatio == null || shellRatio >= 0.7),
                sameFile ? "files byte-identical" : "FILES DIFFER");
        }

        // Runs the shell once and says how long it took, start-up included (a few milliseconds).
        private static double SqliteShell(string shell, string database, string output, string sql)
        {
            var start = new ProcessStartInfo(shell) { UseShellExecute = false, RedirectStandardError = true };
            foreach (string arg in new[] { "-readonly", "-csv", "-header", "-cmd", ".output " + output, database, sql })
            {
                start.ArgumentList.Add(arg);
            }

            long t = Stopwatch.GetTimestamp();
            using Process p = Process.Start(start);
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            double seconds = (Stopwatch.GetTimestamp() - t) / (double)Stopwatch.Frequency;
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"sqlite3 failed (exit {p.ExitCode}): {error}");
            }

            return seconds;
        }

        private static string OnPath(string program) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
    }
}
