using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Process-wide settings made once, before any test runs.</summary>
    internal static class TestEnvironment
    {
        [ModuleInitializer]
        internal static void Initialize()
        {
            // Verifiers and managers that a test makes without a host state folder of its own (and the child processes it
            // starts, which inherit this) pin audit heads in a throw-away folder, never in the real ~/.local/state.
            string state = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Core.Tests-state-" + Guid.NewGuid().ToString("N"));
            Environment.SetEnvironmentVariable("XDG_STATE_HOME", state);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(state, recursive: true);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Left for the OS's temp cleanup.
                }
            };
        }
    }
}
