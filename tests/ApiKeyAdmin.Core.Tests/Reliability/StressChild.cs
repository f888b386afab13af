using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// One running child program in one of its <see cref="StressScenarios"/>: started with dotnet, its stdout read line by
    /// line, its stdin open for "go".
    /// The program never prints a secret, so its lines may go into assertion messages.
    /// </summary>
    internal sealed class StressChild : IDisposable
    {
        private readonly Process process;
        private readonly BlockingCollection<string> lines = new BlockingCollection<string>();
        private readonly List<string> seen = new List<string>();
        private readonly StringBuilder errors = new StringBuilder();

        private StressChild(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null)
                {
                    lines.CompleteAdding();
                }
                else
                {
                    lines.Add(e.Data);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        /// <summary>The child program as this test project's build copied it, next to the stores and SQLite it loads.</summary>
        internal static string ProgramPath
        {
            get
            {
                string path = typeof(ChildProgram).Assembly.Location;
                Assert.True(File.Exists(path), $"The child program was not built at '{path}'.");
                return path;
            }
        }

        /// <summary>Every line the child has printed so far, in order.</summary>
        internal IReadOnlyList<string> Lines
        {
            get
            {
                Drain();
                return seen.ToList();
            }
        }

        /// <summary>What the child wrote to stderr.</summary>
        internal string Errors
        {
            get
            {
                lock (errors)
                {
                    return errors.ToString();
                }
            }
        }

        internal int Id => process.Id;

        internal static StressChild Start(params string[] args)
        {
            var start = new ProcessStartInfo(DotnetHost)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(ProgramPath);
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_TieredPGO"] = "0";
            return new StressChild(Process.Start(start));
        }

        /// <summary>Waits for the child's next line that starts with <paramref name="prefix"/>; fails on exit or timeout.</summary>
        internal string Expect(string prefix, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                TimeSpan left = timeout - watch.Elapsed;
                string line = null;
                if (left <= TimeSpan.Zero || !lines.TryTake(out line, left))
                {
                    Assert.Fail($"Child {process.Id} printed no '{prefix}' line within {timeout} (exited: {process.HasExited}). " +
                        $"Lines: {string.Join(" | ", seen)}; stderr: {Errors}");
                }

                seen.Add(line);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }

        internal void Send(string line)
        {
            process.StandardInput.WriteLine(line);
            process.StandardInput.Flush();
        }

        /// <summary>SIGKILL on Unix, TerminateProcess on Windows: the child gets no chance to clean up.</summary>
        internal void Kill()
        {
            process.Kill();
            Assert.True(process.WaitForExit(30_000), $"Child {process.Id} did not die");
            // Without a timeout, WaitForExit also waits for the last lines on stdout.
            process.WaitForExit();
        }

        /// <summary>Waits for the child to end by itself and returns its exit code.</summary>
        internal int WaitForExit(TimeSpan timeout)
        {
            Assert.True(process.WaitForExit((int)timeout.TotalMilliseconds), $"Child {process.Id} did not finish within {timeout}");
            process.WaitForExit();
            return process.ExitCode;
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        // The dotnet host of the runtime running the tests: shared/Microsoft.NETCore.App/<version>/ lies three folders below it.
        private static string DotnetHost
        {
            get
            {
                string name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
                string fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", name));
                string fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
                return File.Exists(fromRuntime) ? fromRuntime : !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : "dotnet";
            }
        }

        private void Drain()
        {
            while (lines.TryTake(out string line))
            {
                seen.Add(line);
            }
        }
    }
}
