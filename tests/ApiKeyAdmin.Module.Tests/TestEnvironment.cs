using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>Process-wide settings made once, before any test runs.</summary>
    internal static class TestEnvironment
    {
        /// <summary>Per-user folders of this test process; removed when it exits.</summary>
        internal static string UserFolders { get; private set; }

        [ModuleInitializer]
        internal static void Initialize()
        {
            // Environment variables are per process, so they are set here once rather than per runspace. Keys, stores,
            // config and the host's audit pins then land in a throw-away folder, never in the real ~/.config, ~/.local/share
            // or ~/.local/state.
            UserFolders = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Module.Tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(UserFolders);
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", Path.Combine(UserFolders, "config"));
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(UserFolders, "data"));
            Environment.SetEnvironmentVariable("XDG_STATE_HOME", Path.Combine(UserFolders, "state"));
            // A developer's own store must never be touched by a test that forgets -StorePath.
            Environment.SetEnvironmentVariable("APIKEYADMIN_STORE", null);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(UserFolders);
        }

        /// <summary>Deletes a temporary folder; on Windows a file still open by SQLite's pool may keep it.</summary>
        internal static void DeleteQuietly(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Left for the OS's temp cleanup; failing a test over it would hide its real result.
            }
        }
    }
}
