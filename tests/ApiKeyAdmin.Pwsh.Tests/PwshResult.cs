namespace ApiKeyAdmin.Pwsh.Tests
{
    /// <summary>What a pwsh child process left: its exit code and everything it wrote.</summary>
    public sealed class PwshResult
    {
        /// <summary>Wraps a finished run.</summary>
        public PwshResult(int exitCode, string output, string error)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
        }

        /// <summary>The process's exit code.</summary>
        public int ExitCode { get; }

        /// <summary>Standard output: what the host printed.</summary>
        public string Output { get; }

        /// <summary>Standard error: the error stream of a -File or -Command run.</summary>
        public string Error { get; }

        /// <summary>The whole run, for assertion messages.</summary>
        public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }
}
