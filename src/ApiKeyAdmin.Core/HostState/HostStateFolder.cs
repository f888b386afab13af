using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using ApiKeyAdmin.Secrets;

namespace ApiKeyAdmin.HostState
{
    /// <summary>
    /// What one host remembers about the stores it works with, per OS user and private to them: one small file per
    /// store and purpose (<c>&lt;key&gt;.&lt;purpose&gt;</c>, the key a hash of the store's location), such as the audit
    /// head it has seen and the store's signing key. Files are mode 600 in a mode-700 folder on Unix, and written whole
    /// (aside, then renamed into place), so a reader never sees half of one.
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

        /// <summary>
        /// The key naming a store's files: a hash of its location, which the store cannot change (a store id could be
        /// swapped along with the store, and would bring a fresh pin with it).
        /// </summary>
        public static string KeyFor(string location)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(location ?? throw new ArgumentNullException(nameof(location))));
                return BitConverter.ToString(hash, 0, 16).Replace("-", string.Empty).ToLowerInvariant();
            }
        }

        /// <summary>The file of one store and purpose; both must be plain names (letters, digits, '-' and '_').</summary>
        public string PathFor(string key, string purpose) =>
            Path.Combine(Folder, PlainName(key, nameof(key)) + "." + PlainName(purpose, nameof(purpose)));

        /// <summary>The text of a store's file for <paramref name="purpose"/>, or null when this host has none.</summary>
        public string Read(string key, string purpose)
        {
            try
            {
                return File.ReadAllText(PathFor(key, purpose), Encoding.UTF8);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Replaces a store's file for <paramref name="purpose"/> with <paramref name="text"/>, atomically.</summary>
        public void Write(string key, string purpose, string text)
        {
            string path = PathFor(key, purpose);
            string draft = Draft(path, text);
            try
            {
                Replace(draft, path);
            }
            finally
            {
                File.Delete(draft);
            }
        }

        /// <summary>
        /// Writes a store's file for <paramref name="purpose"/> unless it exists, atomically, and returns what it holds
        /// then: <paramref name="text"/>, or the text of another process that wrote it first.
        /// </summary>
        internal string Create(string key, string purpose, string text)
        {
            string path = PathFor(key, purpose);
            string draft = Draft(path, text);
            try
            {
                File.Move(draft, path);
                return text;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(draft);
                return Read(key, purpose);
            }
        }

        // The text in a file of its own beside the target, flushed, for a rename into place: each writer has its own, so
        // processes writing at once never mix their contents and no reader ever sees half of one.
        private string Draft(string path, string text)
        {
            PrivateFiles.EnsureFolder(Path.GetDirectoryName(Folder));
            PrivateFiles.EnsureFolder(Folder);
            string draft = Path.Combine(Folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            byte[] content = Encoding.UTF8.GetBytes(text);
            using (FileStream stream = PrivateFiles.CreateNew(draft))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            return draft;
        }

        // netstandard2.0 has no File.Move with overwrite; File.Replace renames over an existing file (rename(2) on Unix).
        private static void Replace(string draft, string path)
        {
            if (File.Exists(path))
            {
                File.Replace(draft, path, null);
                return;
            }

            try
            {
                File.Move(draft, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made the file first.
                File.Replace(draft, path, null);
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
