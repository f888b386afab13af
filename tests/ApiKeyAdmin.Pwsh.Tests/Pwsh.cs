using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace ApiKeyAdmin.Pwsh.Tests
{
    /// <summary>The full pwsh 7.6 of tests/ApiKeyAdmin.PwshHost, started as a fresh child process per run.</summary>
    public static class Pwsh
    {
        /// <summary>A run that takes longer has hung: a prompt in a session that should have refused it, say.</summary>
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

        /// <summary>The host's folder, as built in the configuration of these tests.</summary>
        public static string HostDirectory { get; } =
            Path.Combine(Repo.Root, "tests", "ApiKeyAdmin.PwshHost", "bin", Repo.Configuration, "net10.0");

        /// <summary>The host's program, which takes pwsh's own command line.</summary>
        public static string Executable { get; } = Path.Combine(HostDirectory, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");

        /// <summary>The manifest of the Pester module that the host's build lays out beside it.</summary>
        public static string PesterManifest { get; } = Path.Combine(HostDirectory, "Pester", "Pester.psd1");

        /// <summary>Runs the host with these arguments in <paramref name="folder"/>, whose user folders it gets.</summary>
        public static PwshResult Run(Scratch folder, params string[] arguments)
        {
            if (!File.Exists(Executable))
                throw new FileNotFoundException("The pwsh host is not built: run dotnet build -c Release at the repository root.", Executable);

            var start = new ProcessStartInfo(Executable)
            {
                WorkingDirectory = folder.Path,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            foreach (KeyValuePair<string, string> variable in folder.Environment)
            {
                if (variable.Value == null)
                    start.Environment.Remove(variable.Key);
                else
                    start.Environment[variable.Key] = variable.Value;
            }

            using Process process = Process.Start(start);
            // Nobody answers: stdin closed, as under a scheduler or CI.
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"pwsh {string.Join(' ', arguments)} did not end within {Timeout}.");
            }

            return new PwshResult(process.ExitCode, output.Result, error.Result);
        }

        /// <summary>Runs a script file as a runbook is run: <c>pwsh -NoProfile -NonInteractive -File</c>.</summary>
        public static PwshResult RunFile(Scratch folder, string script, params string[] arguments) =>
            Run(folder, new[] { "-NoProfile", "-NonInteractive", "-File", script }.Concat(arguments).ToArray());
    }
}
