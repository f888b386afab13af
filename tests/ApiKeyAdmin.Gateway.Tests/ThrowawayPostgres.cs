using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// A PostgreSQL server of this test's own from Debian's package, on a free loopback port, that the test can stop
    /// and start again: the store going away under the service, as a database server restarting does. Run as the
    /// postgres account when the tests run as root (the server refuses root).
    /// </summary>
    internal sealed class ThrowawayPostgres : IDisposable
    {
        private readonly string bin;
        private readonly string folder;
        private readonly string data;
        private readonly bool asPostgres;

        private ThrowawayPostgres(string bin)
        {
            this.bin = bin;
            folder = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Gateway.Tests", "pg-" + Guid.NewGuid().ToString("N"));
            data = Path.Combine(folder, "data");
            asPostgres = Environment.UserName == "root";
            Port = Ports.Free();
            Directory.CreateDirectory(folder);
            if (asPostgres)
            {
                Run("/bin/chown", false, "postgres:", folder);
            }

            Run(Path.Combine(bin, "initdb"), asPostgres, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            Start();
        }

        /// <summary>Why no server can be had here, or null when PostgreSQL is installed.</summary>
        internal static string SkipReason => FindBin() == null
            ? "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs Debian's postgresql package"
            : null;

        internal int Port { get; }

        /// <summary>The superuser's connection string; loopback only, trust authentication.</summary>
        internal string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

        internal static ThrowawayPostgres Create() => new ThrowawayPostgres(FindBin());

        /// <summary>Starts the server and waits until it accepts connections.</summary>
        internal void Start() =>
            Run(Path.Combine(bin, "pg_ctl"), asPostgres, "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
                "-o", $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start");

        /// <summary>Stops the server at once, as a crash or a restart does.</summary>
        internal void Stop() => Run(Path.Combine(bin, "pg_ctl"), asPostgres, "-D", data, "-m", "immediate", "-w", "stop");

        public void Dispose()
        {
            try
            {
                Stop();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Left for the OS's temp cleanup.
            }
        }

        private static string FindBin() =>
            !Directory.Exists("/usr/lib/postgresql") ? null
                : Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault();

        private static void Run(string program, bool asPostgres, params string[] args)
        {
            var start = new ProcessStartInfo(asPostgres ? "/usr/sbin/runuser" : program)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (string arg in (asPostgres ? new[] { "-u", "postgres", "--", program } : Array.Empty<string>()).Concat(args))
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start);
            string output = process.StandardOutput.ReadToEndAsync().Result + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {output}");
            }
        }
    }
}
