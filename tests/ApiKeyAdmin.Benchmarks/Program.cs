using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// dotnet run -c Release --project tests/ApiKeyAdmin.Benchmarks -- [scenario ...] [--size tiny|small|full] [--work folder] [--connection npgsql]
    /// Prints one Markdown table: each scenario, its baseline from the same run, the ratio and the issue's target.
    /// </summary>
    internal static class Program
    {
        private static readonly string[] Scenarios =
        {
            "verify", "verify-record", "rotation-visible", "calllog-day", "calllog-week", "prune", "import", "rotate",
            "pg-verify-record", "pg-rotation-visible", "pg-calllog-day", "gateway", "export-day",
        };

        internal static int Main(string[] argv)
        {
            var named = new Dictionary<string, string>();
            var positional = new List<string>();
            for (int i = 0; i < argv.Length; i++)
            {
                if (argv[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < argv.Length)
                {
                    named[argv[i].Substring(2)] = argv[++i];
                }
                else
                {
                    positional.Add(argv[i]);
                }
            }

            if (named.TryGetValue("child", out string child))
            {
                return child == "pg-rotate"
                    ? PostgreSqlScenarios.RunRotator(Environment.GetEnvironmentVariable("APIKEYADMIN_CONNECTION"), named["accounts"].Split(','))
                    : PowerShellChild.Run(child, named);
            }

            BenchSize size = BenchSize.Parse(named.TryGetValue("size", out string s) ? s : "small");
            string work = named.TryGetValue("work", out string w) ? Path.GetFullPath(w) : Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Benchmarks");
            Directory.CreateDirectory(work);
            // Stores, their data-protection keys and the host's audit pins live in the work folder, never in the user's own;
            // children inherit this.
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", Path.Combine(work, "config"));
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(work, "data"));
            // The pins are of one run: its stores are fresh copies of the templates, whose audit chains a pin from an
            // earlier run would find behind what it saw (StoreRolledBack).
            string state = Path.Combine(work, "state");
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }

            Environment.SetEnvironmentVariable("XDG_STATE_HOME", state);
            Environment.SetEnvironmentVariable("APIKEYADMIN_STORE", null);

            List<string> chosen = positional.Count == 0 || positional.Contains("all") ? Scenarios.ToList() : positional;
            string unknown = chosen.FirstOrDefault(c => !Scenarios.Contains(c));
            if (unknown != null)
            {
                Console.Error.WriteLine($"Unknown scenario '{unknown}'. Scenarios: {string.Join(", ", Scenarios)}.");
                return 2;
            }

            string clash = ModuleScenarios.CheckSharedAssemblies();
            if (clash != null)
            {
                Console.Error.WriteLine($"The benchmark's ApiKeyAdmin.Core or SQLite {clash}; rebuild both (dotnet build -c Release).");
                return 3;
            }

            Fixtures.Log($"size {size.Name}, work folder {work}, {Environment.ProcessorCount} cores, load {Load()}");
            var fixtures = new Fixtures(work, size);
            var postgreSql = new Lazy<PostgreSqlScenarios>(() => new PostgreSqlScenarios(named.TryGetValue("connection", out string c) ? c : null, size));
            var rows = new List<ResultRow>();
            foreach (string scenario in chosen)
            {
                Fixtures.Log("running " + scenario);
                ResultRow row = scenario switch
                {
                    "verify" => CoreScenarios.Verify(fixtures, size),
                    "verify-record" => CoreScenarios.VerifyAndRecord(fixtures, size),
                    "rotation-visible" => CoreScenarios.RotationVisible(fixtures, size),
                    "calllog-day" => ModuleScenarios.CallLogDay(fixtures),
                    "calllog-week" => ModuleScenarios.CallLogWeek(fixtures),
                    "prune" => CoreScenarios.Prune(fixtures, size),
                    "import" => ModuleScenarios.Import(fixtures, work),
                    "rotate" => ModuleScenarios.Rotate(fixtures, size),
                    "pg-verify-record" => postgreSql.Value.VerifyAndRecord(),
                    "pg-rotation-visible" => postgreSql.Value.RotationVisible(),
                    "pg-calllog-day" => postgreSql.Value.CallLogDay(),
                    "gateway" => GatewayScenario.Run(size),
                    "export-day" => ExportScenario.Run(fixtures, work),
                    _ => throw new InvalidOperationException(scenario),
                };
                Fixtures.Log($"{row.Scenario}: {row.Measured} | {row.Baseline}");
                rows.Add(row);
            }

            Console.WriteLine($"size {size.Name}; {Environment.ProcessorCount} cores; load average at the end: {Load()}");
            ResultRow.Print(rows);
            return 0;
        }

        private static string Load()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "unknown";
            }
        }
    }
}
