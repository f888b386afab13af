using System;
using System.IO;
using System.Text;
using ApiKeyAdmin.Secrets;

namespace ApiKeyAdmin.HostState
{
    /// <summary>
    /// What one host remembers about the stores it works with, per OS user and private to them: one small file per
    /// store and purpose (<c>&lt;storeId&gt;.&lt;purpose&gt;</c>), such as the audit head it has seen. Files are mode 600
    /// in a mode-700 folder on Unix, and replaced whole (written aside, then renamed), so a reader never sees half of one.
    /// </summary>
    public sealed class HostStateFolder
    {
        /// <summary>Uses the given folder.</summary>
        public HostStateFolder(string folder)
        {
            Folder = folder ?? throw new ArgumentNullException(nameof(folder));
        }

        /// <summary>The folder holding the state files.</summary>
        public string Folder { get; }

        /// <summary>
        /// The OS user's default: %LOCALAPPDATA%\ApiKeyAdmin\state on Windows, else $XDG_STATE_HOME/ApiKeyAdmin or
        /// ~/.local/state/ApiKeyAdmin.
        /// </summary>
        public static HostStateFolder ForCurrentUser()
        {
            if (!PrivateFiles.IsUnix)
            {
                return new HostStateFolder(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ApiKeyAdmin", "state"));
            }

            string root = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (string.IsNullOrEmpty(root) || !Path.IsPathRooted(root))
            {
                // A relative XDG_STATE_HOME is invalid by the spec and ignored.
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            }

            return new HostStateFolder(Path.Combine(root, "ApiKeyAdmin"));
        }

        /// <summary>The file of one store and purpose; both must be plain names (letters, digits, '-' and '_').</summary>
        public string PathFor(string storeId, string purpose) =>
            Path.Combine(Folder, PlainName(storeId, nameof(storeId)) + "." + PlainName(purpose, nameof(purpose)));

        /// <summary>The text of a store's file for <paramref name="purpose"/>, or null when this host has none.</summary>
        public string Read(string storeId, string purpose)
        {
            string path = PathFor(storeId, purpose);
            try
            {
                return File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Replaces a store's file for <paramref name="purpose"/> with <paramref name="text"/>, atomically.</summary>
        public void Write(string storeId, string purpose, string text)
        {
            string path = PathFor(storeId, purpose);
            PrivateFiles.EnsureFolder(Path.GetDirectoryName(Folder));
            PrivateFiles.EnsureFolder(Folder);
            // Each writer has its own temp file, so hosts' processes writing at once never mix their contents.
            string temp = Path.Combine(Folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                byte[] content = Encoding.UTF8.GetBytes(text);
                using (FileStream stream = PrivateFiles.CreateNew(temp))
                {
                    stream.Write(content, 0, content.Length);
                }

                Replace(temp, path);
            }
            finally
            {
                File.Delete(temp);
            }
        }

        // netstandard2.0 has no File.Move with overwrite; File.Replace renames over an existing file (rename(2) on Unix).
        private static void Replace(string temp, string path)
        {
            if (File.Exists(path))
            {
                File.Replace(temp, path, null);
                return;
            }

            try
            {
                File.Move(temp, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made the file first.
                File.Replace(temp, path, null);
            }
        }

        /// <summary>True for a name made of letters, digits, '-' and '_' only, which stays inside the folder.</summary>
        internal static bool IsPlainName(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            foreach (char c in name)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private static string PlainName(string name, string parameter) =>
            IsPlainName(name) ? name : throw new ArgumentException($"'{name}' is not a plain name (letters, digits, '-' and '_').", parameter);
    }
}
