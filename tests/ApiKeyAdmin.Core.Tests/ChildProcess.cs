using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ApiKeyAdmin.Storage.PostgreSql;
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

        /// <summary>The scenario of a host that rotates a PostgreSQL store's "acme" key; its argument is the key folder.</summary>
        internal const string RotateScenario = "rotate-postgresql";

        /// <summary>
        /// The scenario of a host that verifies a PostgreSQL store's "acme" keys until its standard input closes; its
        /// argument is the key folder. It prints "learned &lt;key id&gt;" for each key it reveals, "refused &lt;key id&gt;
        /// &lt;monotonic timestamp&gt;" the first time it refuses one, "violation ..." for a refusal of a key that still
        /// verifies, and "ok &lt;verifications&gt;" at the end; never a secret.
        /// </summary>
        internal const string VerifyScenario = "verify-postgresql";

        /// <summary>Where a rotating host finds its connection string: the environment, never the command line that others can read.</summary>
        internal const string ConnectionVariable = "APIKEYADMIN_TEST_CONNECTION";

        /// <summary>How many times each rotating host rotates.</summary>
        internal const int Rotations = 25;

        [UnsupportedOSPlatform("windows")]
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: ApiKeyAdmin.Core.Tests <scenario> <root folder>");
                return 2;
            }

            if (args[0] == RotateScenario)
            {
                return RotateOnPostgreSql(args[1]);
            }

            if (args[0] == VerifyScenario)
            {
                return VerifyOnPostgreSql(args[1]);
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
                            manager.Keys.Create("acme", KeyKind.Standard, null);
                        }

                        break;

                    case "store-in-folder-made-read-only":
                        string data = Path.Combine(home, "data");
                        using (ApiKeyManager manager = Manager(Path.Combine(data, "apikeys.db"), home))
                        {
                            manager.Keys.Create("acme", KeyKind.Standard, null);
                        }

                        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                        return WriteOnce(Path.Combine(data, "apikeys.db"), home);

                    case "read-only-store-file":
                        string file = Path.Combine(home, "data", "apikeys.db");
                        using (ApiKeyManager manager = Manager(file, home))
                        {
                            manager.Keys.Create("acme", KeyKind.Standard, null);
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

        // One host of the multi-host test: a process of its own, with its own connection pool, rotating as the owner.
        private static int RotateOnPostgreSql(string keyFolder)
        {
            try
            {
                using (var manager = new ApiKeyManager(
                    new PostgreSqlKeyStore(Environment.GetEnvironmentVariable(ConnectionVariable)), new TestIdentity(TestStore.Owner),
                    new ApiKeyAdmin.Secrets.ProtectionKeyFolder(keyFolder)))
                {
                    for (int i = 0; i < Rotations; i++)
                    {
                        manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromHours(1));
                    }
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

        // A verifying host of the multi-host test: its own process and pool. It learns the account's keys by revealing them
        // as the owner (every 50 ms) and verifies every key it knows, over and over, until the parent closes its input.
        private static int VerifyOnPostgreSql(string keyFolder)
        {
            string connection = Environment.GetEnvironmentVariable(ConnectionVariable);
            var folder = new ApiKeyAdmin.Secrets.ProtectionKeyFolder(keyFolder);
            var known = new Dictionary<string, string>();
            var refused = new HashSet<string>();
            long verifications = 0;
            try
            {
                // On a thread of its own: Console.In's ReadLineAsync blocks its caller.
                System.Threading.Tasks.Task<string> stop = System.Threading.Tasks.Task.Run(() => Console.In.ReadLine());
                using (var manager = new ApiKeyManager(new PostgreSqlKeyStore(connection), new TestIdentity(TestStore.Owner), folder))
                using (var verifier = new ApiKeyAdmin.Verification.KeyVerifier(new PostgreSqlKeyStore(connection), folder))
                {
                    var sinceReveal = Stopwatch.StartNew();
                    bool reveal = true;
                    while (!stop.IsCompleted)
                    {
                        if (reveal || sinceReveal.ElapsedMilliseconds >= 50)
                        {
                            foreach (IssuedKey key in manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "acme" } }).Keys)
                            {
                                if (known.TryAdd(key.Key.KeyId, key.Secret))
                                {
                                    Console.WriteLine($"learned {key.Key.KeyId}");
                                }
                            }

                            sinceReveal.Restart();
                            reveal = false;
                        }

                        foreach (KeyValuePair<string, string> key in known.Where(k => !refused.Contains(k.Key)).ToList())
                        {
                            VerificationResult result = verifier.Verify(key.Value, "GET", "/", "192.0.2.1");
                            verifications++;
                            if (result.IsValid)
                            {
                                continue;
                            }

                            long at = Stopwatch.GetTimestamp();
                            refused.Add(key.Key);
                            // A status only moves forward (Active, Expiring, Deactivated): a key that still verifies in
                            // the store after this refusal verified at the moment of it too.
                            KeyStatus now = manager.Keys.List(new KeyQuery { KeyId = key.Key, IncludeInactive = true }).Keys.Single().Key.Status;
                            if (now != KeyStatus.Deactivated)
                            {
                                Console.WriteLine($"violation {key.Key} was refused as {result.Reason} while {now}");
                            }

                            Console.WriteLine($"refused {key.Key} {at}");
                        }

                        System.Threading.Thread.Sleep(2);
                    }
                }

                Console.WriteLine($"ok {verifications}");
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
                    manager.Keys.Create("beta", KeyKind.Standard, null);
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
        private const string AppFolder = "app";

        internal static bool IsRoot => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && geteuid() == 0;

        /// <summary>Why such a child cannot run here, or null when it can.</summary>
        internal static string SkipReason
        {
            get
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    return "Mode-bit permissions are Unix only; the Windows ACL path is not exercised here.";
                }

                if (!IsRoot)
                {
                    return null;
                }

                if (!File.Exists(Setpriv))
                {
                    return $"Running as root and {Setpriv} is missing, so the subject cannot be run as an unprivileged user.";
                }

                foreach (string needed in new[] { DotnetHost, Path.GetTempPath() })
                {
                    string closed = FirstClosedFolder(needed);
                    if (closed != null)
                    {
                        return $"Running as root, and an unprivileged user cannot reach {needed} ({closed} is not searchable by others).";
                    }
                }

                return null;
            }
        }

        /// <summary>The dotnet host of the runtime running the tests: shared/Microsoft.NETCore.App/&lt;version&gt;/ lies three folders below it.</summary>
        internal static string DotnetHost
        {
            get
            {
                string fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
                string fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
                return File.Exists(fromRuntime) ? fromRuntime : !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : "dotnet";
            }
        }

        /// <summary>
        /// Makes the scenario's root: a home the child owns, a folder it cannot write, and a copy of this program where
        /// any user can read it (the build output may lie under a private folder, such as root's home).
        /// </summary>
        [UnsupportedOSPlatform("windows")]
        internal static string PrepareRoot(string parent)
        {
            const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            string root = Path.Combine(parent, "child");
            Directory.CreateDirectory(Path.Combine(root, ChildProgram.HomeFolder));
            Directory.CreateDirectory(Path.Combine(root, ChildProgram.ReadOnlyFolder));
            string temp = Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar);
            foreach (string folder in Ancestors(root).TakeWhile(f => f.Length > temp.Length))
            {
                File.SetUnixFileMode(folder, Public);
            }

            CopyProgram(Path.GetDirectoryName(typeof(ChildProgram).Assembly.Location), Path.Combine(root, AppFolder), Public);
            if (IsRoot)
            {
                Assert.Equal(0, chown(Path.Combine(root, ChildProgram.HomeFolder), Nobody, Nobody));
                File.SetUnixFileMode(Path.Combine(root, ChildProgram.ReadOnlyFolder), Public);
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
            var start = new ProcessStartInfo(IsRoot ? Setpriv : DotnetHost)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (IsRoot)
            {
                foreach (string arg in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", DotnetHost })
                {
                    start.ArgumentList.Add(arg);
                }
            }

            start.ArgumentList.Add(Path.Combine(root, AppFolder, Path.GetFileName(typeof(ChildProgram).Assembly.Location)));
            start.ArgumentList.Add(scenario);
            start.ArgumentList.Add(root);
            start.Environment["HOME"] = Path.Combine(root, ChildProgram.HomeFolder);
            // The test process's own state folder is not the child's to read; the child keeps its pins in its home.
            start.Environment["XDG_STATE_HOME"] = Path.Combine(root, ChildProgram.HomeFolder, "state");
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

        // The program's assemblies, its deps and runtimeconfig files, and SQLite's native library for Unix-like runtimes.
        [UnsupportedOSPlatform("windows")]
        private static void CopyProgram(string from, string to, UnixFileMode folderMode)
        {
            Directory.CreateDirectory(to);
            File.SetUnixFileMode(to, folderMode);
            foreach (string file in Directory.GetFiles(from).Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            {
                CopyReadable(file, Path.Combine(to, Path.GetFileName(file)));
            }

            string runtimes = Path.Combine(from, "runtimes");
            foreach (string native in Directory.GetFiles(runtimes, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetRelativePath(runtimes, f).StartsWith("linux", StringComparison.Ordinal) || Path.GetRelativePath(runtimes, f).StartsWith("osx", StringComparison.Ordinal)))
            {
                string target = Path.Combine(to, "runtimes", Path.GetRelativePath(runtimes, native));
                Directory.CreateDirectory(Path.GetDirectoryName(target));
                foreach (string folder in Ancestors(Path.GetDirectoryName(target)).TakeWhile(f => f.Length > to.Length))
                {
                    File.SetUnixFileMode(folder, folderMode);
                }

                CopyReadable(native, target);
            }
        }

        [UnsupportedOSPlatform("windows")]
        private static void CopyReadable(string from, string to)
        {
            File.Copy(from, to);
            File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        private static System.Collections.Generic.IEnumerable<string> Ancestors(string path)
        {
            for (string folder = path; !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            {
                yield return folder;
            }
        }

        // The first folder on the way to a path that others may not search, or null when every one is open.
        [UnsupportedOSPlatform("windows")]
        private static string FirstClosedFolder(string path)
        {
            if (!Path.IsPathRooted(path))
            {
                return null;
            }

            foreach (string folder in Ancestors(Path.GetFullPath(path)).Skip(File.Exists(path) ? 1 : 0).Reverse())
            {
                if (Directory.Exists(folder) && (File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) == 0)
                {
                    return folder;
                }
            }

            return null;
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
