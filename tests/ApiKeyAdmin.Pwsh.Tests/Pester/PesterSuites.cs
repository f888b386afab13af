using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ApiKeyAdmin.Pwsh.Tests.Pester
{
    /// <summary>The suites in tests/Pester: discovered once, and each run once in a pwsh of its own when first asked.</summary>
    public static class PesterSuites
    {
        private static readonly string Runner = System.IO.Path.Combine(AppContext.BaseDirectory, "Pester", "Invoke-PesterSuite.ps1");
        private static readonly Lazy<PesterRun> Discovery = new Lazy<PesterRun>(() => Invoke(Folder, discover: true));
        private static readonly ConcurrentDictionary<string, Lazy<PesterRun>> Runs = new ConcurrentDictionary<string, Lazy<PesterRun>>();

        /// <summary>The folder of the suites.</summary>
        public static string Folder { get; } = System.IO.Path.Combine(Repo.Root, "tests", "Pester");

        /// <summary>Every suite file, by full path, in name order.</summary>
        public static IEnumerable<string> Files =>
            Directory.GetFiles(Folder, "*.Tests.ps1").OrderBy(f => f, StringComparer.Ordinal);

        /// <summary>Every test of every suite, found by Pester's discovery without running any.</summary>
        public static PesterRun Discovered => Discovery.Value;

        /// <summary>The run of one suite file (by file name), started in a fresh pwsh the first time it is asked for.</summary>
        public static PesterRun Run(string file) =>
            Runs.GetOrAdd(file, f => new Lazy<PesterRun>(() => Invoke(System.IO.Path.Combine(Folder, f), discover: false))).Value;

        /// <summary>Runs or discovers a suite file, or every suite in a folder.</summary>
        private static PesterRun Invoke(string path, bool discover)
        {
            using var scratch = new Scratch();
            string resultPath = scratch.File("result.json");
            var arguments = new List<string> { "-Pester", Pwsh.PesterManifest, "-Path", path, "-ResultPath", resultPath };
            if (discover)
                arguments.Add("-Discover");

            PwshResult result = Pwsh.RunFile(scratch, Runner, arguments.ToArray());

            Assert.True(result.ExitCode == 0 && File.Exists(resultPath), $"Pester did not finish over {path}: {result}");
            return JsonSerializer.Deserialize<PesterRun>(File.ReadAllText(resultPath));
        }
    }
}
