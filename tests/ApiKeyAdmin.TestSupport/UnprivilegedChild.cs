using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Xunit;

namespace ApiKeyAdmin.TestSupport
{
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
}
