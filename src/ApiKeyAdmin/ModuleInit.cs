using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Runs when the module is imported: loads SQLite's native library from the module's own
    /// <c>runtimes/&lt;rid&gt;/native/</c> folder, where no PowerShell host would look for it.
    /// </summary>
    public sealed class ModuleInit : IModuleAssemblyInitializer
    {
        private const string SqliteLibrary = "e_sqlite3";
        private static readonly object Gate = new object();
        private static bool loaded;

        /// <summary>Loads the native SQLite library for this OS and architecture, once per process.</summary>
        public void OnImport()
        {
            lock (Gate)
            {
                // OnImport runs for every Import-Module in every runspace; a native library is loaded per process.
                if (loaded)
                    return;

                OSPlatform os = RuntimeId.CurrentOS();
                string rid = RuntimeId.Current();
                string moduleDirectory = Path.GetDirectoryName(typeof(ModuleInit).Assembly.Location);
                string path = Path.Combine(
                    moduleDirectory, "runtimes", rid, "native", RuntimeId.NativeLibraryFileName(os, SqliteLibrary));
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        $"ApiKeyAdmin has no SQLite native library for the runtime '{rid}': '{path}' does not exist.", path);
                }

                if (NativeLibraryLoader.HasNativeLibrary)
                    NativeLibraryLoader.LoadForDotNet(path, typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, SqliteLibrary);
                else if (os == OSPlatform.Windows)
                    NativeLibraryLoader.LoadForWindowsPowerShell(path);
                else
                    throw new PlatformNotSupportedException(
                        $"ApiKeyAdmin cannot load '{path}' on {RuntimeInformation.FrameworkDescription}.");

                loaded = true;
            }
        }
    }
}
