using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// A host's memory of each store's public signing key, as SSH remembers host keys: the key a store shows on first use
    /// is written to the host's own state folder, and a store at that location that later shows another key, or none,
    /// is refused. Pins are named by the store's location, which the store cannot change, and hold its id and key.
    /// </summary>
    internal sealed class SigningKeyPin
    {
        /// <summary>Uses <paramref name="folder"/> (private to the host's user) for the pin files.</summary>
        internal SigningKeyPin(string folder)
        {
            Folder = folder ?? throw new ArgumentNullException(nameof(folder));
        }

        /// <summary>The folder holding the pins.</summary>
        internal string Folder { get; }

        /// <summary>The pins in the user's state folder.</summary>
        internal static SigningKeyPin ForCurrentUser() => new SigningKeyPin(DefaultFolder());

        /// <summary>The user's state folder: %LOCALAPPDATA%\ApiKeyAdmin\state on Windows, else $XDG_STATE_HOME/ApiKeyAdmin or ~/.local/state/ApiKeyAdmin.</summary>
        internal static string DefaultFolder()
        {
            if (!PrivateFiles.IsUnix)
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ApiKeyAdmin", "state");
            }

            string root = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (string.IsNullOrEmpty(root) || !Path.IsPathRooted(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
            }

            return Path.Combine(root, "ApiKeyAdmin");
        }

        /// <summary>The pin file of the store at <paramref name="location"/>.</summary>
        internal string PathFor(string location)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(location));
                return Path.Combine(Folder, BitConverter.ToString(hash, 0, 16).Replace("-", string.Empty).ToLowerInvariant() + ".signing-key");
            }
        }

        /// <summary>
        /// Pins the store's key on first use; SigningKeyChanged when the store at <paramref name="location"/> was pinned
        /// with another id or key, or shows no key (<paramref name="publicKey"/> null) after it was pinned with one.
        /// </summary>
        internal void Check(string location, string storeId, byte[] publicKey)
        {
            string path = PathFor(location);
            string pinned = Read(path);
            if (publicKey == null)
            {
                if (pinned != null)
                {
                    throw Fail.SigningKeyChanged(location, path);
                }

                return;
            }

            string shown = storeId + "\n" + Convert.ToBase64String(publicKey) + "\n";
            if (pinned == null)
            {
                pinned = Write(path, shown);
            }

            if (!string.Equals(pinned, shown, StringComparison.Ordinal))
            {
                throw Fail.SigningKeyChanged(location, path);
            }
        }

        /// <summary>
        /// Pins the key of a store this host has just made at <paramref name="location"/>, replacing any earlier pin there:
        /// the maker knows the key is the store's, and a store re-created at the same path must not be refused.
        /// </summary>
        internal void Replace(string location, string storeId, byte[] publicKey)
        {
            string path = PathFor(location);
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            Write(path, storeId + "\n" + Convert.ToBase64String(publicKey) + "\n");
        }

        private static string Read(string path)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            if (!PrivateFiles.IsPrivate(path))
            {
                // Anyone who could write the pin could make this host trust their key.
                throw Fail.SigningKeyPinInsecure(path);
            }

            return File.ReadAllText(path, Encoding.ASCII);
        }

        // Returns what the pin holds now: this text, or that of another process that pinned first. The pin is written
        // under a name of its own and then moved into place, so no reader ever sees half of it.
        private string Write(string path, string text)
        {
            PrivateFiles.EnsureFolder(Path.GetDirectoryName(Folder));
            PrivateFiles.EnsureFolder(Folder);
            string draft = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            using (FileStream stream = PrivateFiles.CreateNew(draft))
            {
                byte[] bytes = Encoding.ASCII.GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(draft, path);
                return text;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(draft);
                return Read(path);
            }
        }
    }
}
