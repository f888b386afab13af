namespace ApiKeyAdmin.Pwsh.Tests.Pester
{
    /// <summary>One Pester test as Invoke-PesterSuite.ps1 reports it.</summary>
    public sealed class PesterTest
    {
        /// <summary>The suite file's name, such as Lifecycle.Tests.ps1.</summary>
        public string File { get; set; }

        /// <summary>The test's place in its file, from 1: the same in discovery and run.</summary>
        public int Index { get; set; }

        /// <summary>Its Describe, Context and It names as written, joined by dots.</summary>
        public string Path { get; set; }

        /// <summary>The same with the &lt;templates&gt; filled in.</summary>
        public string Name { get; set; }

        /// <summary>Passed, Failed, Skipped or NotRun (always NotRun in discovery).</summary>
        public string Result { get; set; }

        /// <summary>Pester's message and stack trace of a failure; empty otherwise.</summary>
        public string Message { get; set; }
    }
}
