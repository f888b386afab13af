using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Pwsh.Tests.Pester
{
    /// <summary>Every Pester test in tests/Pester as a test of its own, run in the full pwsh against out/ApiKeyAdmin.</summary>
    public class PesterSuiteTests
    {
        /// <summary>One row per discovered test: its file, its place in the file and its name.</summary>
        public static IEnumerable<object[]> Tests() =>
            PesterSuites.Discovered.Tests.Select(t => new object[] { t.File, t.Index, t.Name });

        /// <summary>One row per suite file.</summary>
        public static IEnumerable<object[]> Suites() =>
            PesterSuites.Files.Select(f => new object[] { Path.GetFileName(f) });

        [Theory]
        [MemberData(nameof(Tests))]
        public void It_passes(string suite, int index, string name)
        {
            PesterTest test = PesterSuites.Run(suite).Tests.SingleOrDefault(t => t.Index == index);

            Assert.True(test != null, $"{suite} ran fewer tests than Pester discovered: none at {index} ({name}).");
            Assert.True(test.Name == name, $"{suite} ran '{test.Name}' where discovery found '{name}'.");
            // Passed only: a suite here has no reason to skip, and a test that did not run checked nothing.
            Assert.True(test.Result == "Passed", $"{name}: {test.Result}\n{test.Message}");
        }

        [Theory]
        [MemberData(nameof(Suites))]
        public void Suite_runs_what_discovery_found_and_fails_nowhere_outside_a_test(string suite)
        {
            PesterRun run = PesterSuites.Run(suite);

            Assert.Empty(run.Failures);
            Assert.NotEmpty(run.Tests);
            Assert.Equal(PesterSuites.Discovered.Tests.Where(t => t.File == suite).Select(t => t.Path), run.Tests.Select(t => t.Path));
        }

        [Fact]
        public void Discovery_reads_every_suite_without_an_error()
        {
            Assert.Empty(PesterSuites.Discovered.Failures);
        }
    }
}
