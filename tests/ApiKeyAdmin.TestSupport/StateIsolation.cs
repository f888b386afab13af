using System;
using System.IO;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>Keeps a test process's host state (audit-head and signing-key pins) out of the real ~/.local/state.</summary>
    public static class StateIsolation
    {
        /// <summary>
        /// Points XDG_STATE_HOME at a throw-away folder named after <paramref name="project"/>, removed at exit: verifiers
        /// and managers a test makes without a host state folder of its own, and the child processes it starts (which
        /// inherit the variable), pin there. Each test project calls it from its module initializer, before any test runs.
        /// </summary>
        public static void Begin(string project)
        {
            string state = Path.Combine(Path.GetTempPath(), project + "-state-" + Guid.NewGuid().ToString("N"));
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
