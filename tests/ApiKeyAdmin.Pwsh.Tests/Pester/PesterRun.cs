using System.Collections.Generic;

namespace ApiKeyAdmin.Pwsh.Tests.Pester
{
    /// <summary>What one Invoke-PesterSuite.ps1 run found: its tests and the failures outside them.</summary>
    public sealed class PesterRun
    {
        /// <summary>Every test, in Pester's order.</summary>
        public List<PesterTest> Tests { get; set; } = new List<PesterTest>();

        /// <summary>Blocks and files that failed outside a test: a BeforeAll that threw, a file that does not parse.</summary>
        public List<string> Failures { get; set; } = new List<string>();
    }
}
