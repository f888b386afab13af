using System;
using System.Collections.Generic;
using System.IO;

namespace ApiKeyAdmin.Pwsh.Tests
{
    /// <summary>A throw-away folder for one child process: its working folder, its user folders and its store.</summary>
    public sealed class Scratch : IDisposable
    {
        /// <summary>Makes a new empty folder under the temp folder.</summary>
        public Scratch()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ApiKeyAdmin.Pwsh.Tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        /// <summary>The folder.</summary>
        public string Path { get; }

        /// <summary>The store that the scripts run here use.</summary>
        public string StorePath => File("apikeys.db");

        /// <summary>
        /// The child's environment beyond the inherited one: keys and stores in this folder, never the developer's own
        /// ~/.config, ~/.local/share or ~/.local/state, and plain text without colour escapes.
        /// </summary>
        public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
        {
            ["XDG_CONFIG_HOME"] = File("config"),
            ["XDG_DATA_HOME"] = File("data"),
            ["XDG_STATE_HOME"] = File("state"),
            ["APIKEYADMIN_STORE"] = null,
            ["APIKEYADMIN_CONNECTION"] = null,
            ["NO_COLOR"] = "1",
        };

        /// <summary>A path in this folder.</summary>
        public string File(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Writes a file in this folder and returns its path.</summary>
        public string Write(string name, string text)
        {
            string path = File(name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }

        /// <summary>Removes the folder; a file a child still holds open leaves it to the OS's temp cleanup.</summary>
        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Failing a test over a leftover temp file would hide its real result.
            }
        }
    }
}
