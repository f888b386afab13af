using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ApiKeyAdmin.Storage.Sqlite;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>
    /// The test assembly is also a small program, so that tests of file permissions can run their subject as an
    /// unprivileged user: CI runs as root, whom no mode bit stops. It prints one line: "ok", or "ErrorId=..." for the
    /// core error it met, and never a secret.
    /// </summary>
    public static class ChildProgram
    {
        /// <summary>Folder (under the scenario's root) that the child owns.</summary>
        internal const string HomeFolder = "home";

        /// <summary>Folder (under the scenario's root) that the child may read but not write.</summary>
        internal const string ReadOnlyFolder = "readonly";

        [UnsupportedOSPlatform("windows")]
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: ApiKeyAdmin.Core.Tests <scenario> <root folder>");
                return 2;
            }

            string root = args[1];
            string home = Path.Combine(root, HomeFolder);
            try
            {
                // Proof that this process really is held back by mode bits; without it the scenario proves nothing.
                try
                {
                    File.WriteAllText(Path.Combine(root, ReadOnlyFolder, "probe"), string.Empty);
                    Console.WriteLine("privileged: the read-only folder could be written");
                    return 3;
                }
                catch (UnauthorizedAccessException)
                {
                }

                switch (args[0])
                {
                    case "new-store-in-read-only-folder":
                        using (ApiKeyManager manager = Manager(Path.Combine(root, ReadOnlyFolder, "apikeys.db"), home))
                        {
                            manager.CreateKey("acme", KeyKind.Standard, null);
                        }

                        break;

                    case "store-in-folder-made-read-only":
                        string data = Path.Combine(home, "data");
                        using (ApiKeyManager manager = Manager(Path.Combine(data, "apikeys.db"), home))
                        {
                            manager.CreateKey("acme", KeyKind.Standard, null);
                        }

                        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                        return WriteOnce(Path.Combine(data, "apikeys.db"), home);

                    case "read-only-store-file":
                        string file = Path.Combine(home, "data", "apikeys.db");
                        using (ApiKeyManager manager = Manager(file, home))
                        {
                            manager.CreateKey("acme", KeyKind.Standard, null);
                        }

                        File.SetUnixFileMode(file, UnixFileMode.UserRead);
                        return WriteOnce(file, home);

                    default:
                        Console.Error.WriteLine($"unknown scenario {args[0]}");
                        return 2;
                }

                Console.WriteLine("ok");
                return 0;
            }
            catch (ApiKeyAdminException ex)
            {
                Console.WriteLine($"ErrorId={ex.ErrorId}");
                return 1;
            }
        }

        // Tries one more key and reports the error met, and whether the store file changed on the way.
        [UnsupportedOSPlatform("windows")]
        private static int WriteOnce(string storePath, string home)
        {
            byte[] before = File.ReadAllBytes(storePath);
            string outcome = "ok";
            try
            {
                using (ApiKeyManager manager = Manager(storePath, home))
                {
                    manager.CreateKey("beta", KeyKind.Standard, null);
                }
            }
            catch (ApiKeyAdminException ex)
            {
                outcome = $"ErrorId={ex.ErrorId}";
            }

            bool unchanged = System.Linq.Enumerable.SequenceEqual(before, File.ReadAllBytes(storePath));
            Console.WriteLine(outcome + (unchanged ? string.Empty : "; the store file changed"));
            return outcome == "ok" ? 0 : 1;
        }

        private static ApiKeyManager Manager(string storePath, string home) => new ApiKeyManager(
            new SqliteKeyStore(storePath, TestStore.Options()), new TestIdentity("child"),
            new ApiKeyAdmin.Secrets.ProtectionKeyFolder(Path.Combine(home, "config", "keys")), new TestClock());
    }

    /// <summary>Runs <see cref="ChildProgram"/> as an unprivileged user: as nobody (via setpriv) when the tests run as root, else as the current user.</summary>
    internal static class UnprivilegedChild
    {
        private const uint Nobody = 65534;
        private const string Setpriv = "/usr/bin/setpriv";

        internal static bool IsRoot => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && geteuid() == 0;

        /// <summary>Why such a child cannot run here, or null when it can.</summary>
        internal static string SkipReason =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Mode-bit permissions are Unix only; the Windows ACL path is not exercised here."
            : IsRoot && !File.Exists(Setpriv) ? $"Running as root and {Setpriv} is missing, so the subject cannot be run as an unprivileged user."
            : null;

        /// <summary>Makes the scenario's root: a home the child owns and a folder it cannot write.</summary>
        [UnsupportedOSPlatform("windows")]
        internal static string PrepareRoot(string parent)
        {
            string root = Path.Combine(parent, "child");
            Directory.CreateDirectory(Path.Combine(root, ChildProgram.HomeFolder));
            Directory.CreateDirectory(Path.Combine(root, ChildProgram.ReadOnlyFolder));
            if (IsRoot)
            {
                Assert.Equal(0, chown(Path.Combine(root, ChildProgram.HomeFolder), Nobody, Nobody));
                File.SetUnixFileMode(Path.Combine(root, ChildProgram.ReadOnlyFolder),
                    UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            else
            {
                File.SetUnixFileMode(Path.Combine(root, ChildProgram.ReadOnlyFolder), UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }

            return root;
        }

        /// <summary>Runs a scenario and returns what it printed on its one line.</summary>
        internal static string Run(string scenario, string root)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet))
            {
                dotnet = Environment.ProcessPath != null && Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath : "dotnet";
            }

            var start = new ProcessStartInfo(IsRoot ? Setpriv : dotnet)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (IsRoot)
            {
                foreach (string arg in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", dotnet })
                {
                    start.ArgumentList.Add(arg);
                }
            }

            start.ArgumentList.Add(typeof(ChildProgram).Assembly.Location);
            start.ArgumentList.Add(scenario);
            start.ArgumentList.Add(root);
            start.Environment["HOME"] = Path.Combine(root, ChildProgram.HomeFolder);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

            using (Process child = Process.Start(start))
            {
                var stdoutTask = child.StandardOutput.ReadToEndAsync();
                var stderrTask = child.StandardError.ReadToEndAsync();
                Assert.True(child.WaitForExit(60_000), "the child process did not finish in time");
                string stdout = stdoutTask.Result;
                string stderr = stderrTask.Result;
                Assert.True(stdout.Length > 0, $"the child printed nothing (exit {child.ExitCode}): {stderr}");
                return stdout.Trim();
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        private static extern int chown(string path, uint owner, uint group);
    }

    /// <summary>A fact that runs only where its subject can be run as an unprivileged user, and otherwise reports itself skipped with the reason.</summary>
    public sealed class UnprivilegedFactAttribute : FactAttribute
    {
        public UnprivilegedFactAttribute()
        {
            Skip = UnprivilegedChild.SkipReason;
        }
    }

    /// <summary>A fact about Unix file modes; reported skipped on Windows, where the module relies on profile ACLs instead.</summary>
    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Skip = "Mode bits are Unix only; on Windows the per-user profile folders' ACLs keep the files private.";
            }
        }
    }
}
