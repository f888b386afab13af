using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// Files only their owner may read. On Unix the mode bits say so (600 files, 700 folders), set through
    /// File.SetUnixFileMode, which exists on .NET 7 and later (so on every pwsh 7.4+) but not in netstandard2.0, hence
    /// reflection. On Windows the per-user profile folders the module uses are private by their inherited ACLs.
    /// </summary>
    internal static class PrivateFiles
    {
        private const int OwnerReadWrite = 0x180; // 0600
        private const int OwnerAll = 0x1C0; // 0700
        private const int GroupAndOthers = 0x3F; // 0077

        private static readonly Type UnixFileModeType = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
        private static readonly MethodInfo SetMode = UnixFileModeType == null ? null
            : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), UnixFileModeType });
        private static readonly MethodInfo GetMode = UnixFileModeType == null ? null
            : typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });

        internal static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Creates a folder; a folder it creates is private to its owner.</summary>
        internal static void EnsureFolder(string folder)
        {
            if (Directory.Exists(folder))
            {
                return;
            }

            Directory.CreateDirectory(folder);
            SetUnixMode(folder, OwnerAll);
        }

        /// <summary>Creates an empty file private to its owner, failing if it exists; the mode is set before anything is written.</summary>
        internal static FileStream CreateNew(string path)
        {
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            SetUnixMode(path, OwnerReadWrite);
            return stream;
        }

        /// <summary>False when other users may read or write the file (Unix); always true on Windows.</summary>
        internal static bool IsPrivate(string path)
        {
            if (!IsUnix || GetMode == null)
            {
                return true;
            }

            int mode = Convert.ToInt32(GetMode.Invoke(null, new object[] { path }));
            return (mode & GroupAndOthers) == 0;
        }

        /// <summary>
        /// Refuses a file that other users may read or write (Unix) with the error <paramref name="refusal"/> builds for
        /// its path: the one rule for the store, its data-protection key file and the host's pins.
        /// </summary>
        internal static void RequirePrivate(string path, Func<string, Exception> refusal)
        {
            if (!IsPrivate(path))
            {
                throw refusal(path);
            }
        }

        private static void SetUnixMode(string path, int mode)
        {
            if (!IsUnix)
            {
                return;
            }

            if (SetMode == null)
            {
                throw new PlatformNotSupportedException("Setting file permissions on this platform needs .NET 7 or later (PowerShell 7.4+).");
            }

            SetMode.Invoke(null, new[] { path, Enum.ToObject(UnixFileModeType, mode) });
        }
    }
}
