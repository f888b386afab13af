namespace ApiKeyAdmin.Pwsh.Tests
{
    /// <summary>What a pwsh child process left: its exit code and everything it wrote.</summary>
    /// <param name="ExitCode">The process's exit code.</param>
    /// <param name="Output">Standard output: what the host printed.</param>
    /// <param name="Error">Standard error: the error stream of a -File or -Command run.</param>
    public sealed record PwshResult(int ExitCode, string Output, string Error)
    {
        /// <summary>The whole run, for assertion messages.</summary>
        public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }
}
