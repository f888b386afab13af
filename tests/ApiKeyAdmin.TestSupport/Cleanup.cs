using System;
using System.Diagnostics;
using System.IO;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>How a test takes down what it started: child processes and temp folders.</summary>
    internal static class Cleanup
    {
        /// <summary>Kills a child that still runs, with every process it started, waits for it, and disposes it.</summary>
        internal static void End(Process process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        /// <summary>Removes a test's temp folder with everything in it, if it can.</summary>
        internal static void RemoveFolder(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A temp folder left behind does no harm and is the OS's temp cleanup's; the test's own result is what matters.
            }
        }
    }
}
