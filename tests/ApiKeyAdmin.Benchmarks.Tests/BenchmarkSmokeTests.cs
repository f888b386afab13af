using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;

namespace ApiKeyAdmin.Benchmarks.Tests
{
    /// <summary>
    /// Runs every benchmark scenario at the tiny size so that the benchmarks cannot rot. It asserts that each scenario
    /// ran and printed its row, never how fast: timings on a shared CI machine mean nothing.
    /// </summary>
    public sealed class BenchmarkSmokeTests : IDisposable
    {
        private static readonly string[] Scenarios =
        {
            "verify", "verify-record", "rotation-visible", "calllog-day", "calllog-week", "prune", "import", "rotate",
            "pg-verify-record", "pg-rotation-visible", "pg-calllog-day", "gateway", "export-day",
        };
        private readonly string work = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Benchmarks.Tests-" + Guid.NewGuid().ToString("N"));

        [Fact]
        public async Task Every_scenario_runs_at_the_tiny_size_and_prints_its_row()
        {
            string program = typeof(BenchmarkSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BenchmarkProgram").Value;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { "exec", Path.GetFullPath(program), "all", "--size", "tiny", "--work", work })
            {
                start.ArgumentList.Add(arg);
            }

            using Process bench = Process.Start(start);
            Task<string> stderr = bench.StandardError.ReadToEndAsync();
            string stdout = await bench.StandardOutput.ReadToEndAsync();
            Assert.True(bench.WaitForExit(120_000), "The tiny benchmark run did not finish in 2 minutes.");
            Assert.True(bench.ExitCode == 0, $"exit {bench.ExitCode}\n{stdout}\n{await stderr}");
            foreach (string scenario in Scenarios)
            {
                Assert.Contains($"| {scenario} ", stdout);
            }
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Left for the OS's temp cleanup.
            }
        }
    }
}
