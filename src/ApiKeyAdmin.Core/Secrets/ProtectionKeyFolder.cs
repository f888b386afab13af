using System;
using System.IO;
using System.Security.Cryptography;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// Where stores' data-protection keys live: one 32-byte key per store, named by the store's id, in a folder
    /// private to the store's owner. On Windows each file holds the key wrapped by DPAPI; elsewhere the raw key in a
    /// mode-600 file, and a file that others could read is refused.
    /// </summary>
    public sealed class ProtectionKeyFolder
    {
        private const int KeyLength = 32;

        /// <summary>Uses the given folder.</summary>
        public ProtectionKeyFolder(string folder)
        {
            Folder = folder;
        }

        /// <summary>The folder holding the key files.</summary>
        public string Folder { get; }

        /// <summary>
        /// The owner's default: %LOCALAPPDATA%\ApiKeyAdmin\keys on Windows, else $XDG_CONFIG_HOME/ApiKeyAdmin/keys
        /// or ~/.config/ApiKeyAdmin/keys.
        /// </summary>
        public static ProtectionKeyFolder ForCurrentUser()
        {
            string root;
            if (!PrivateFiles.IsUnix)
            {
                root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            }
            else
            {
                root = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
                if (string.IsNullOrEmpty(root) || !Path.IsPathRooted(root))
                {
                    root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
                }
            }

            return new ProtectionKeyFolder(Path.Combine(root, "ApiKeyAdmin", "keys"));
        }

        /// <summary>The key file of a store.</summary>
        public string PathFor(string storeId) => Path.Combine(Folder, storeId + ".key");

        /// <summary>Makes and saves a new key for a new store.</summary>
        public byte[] Create(string storeId)
        {
            byte[] key = new byte[KeyLength];
            using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(key);
            }

            PrivateFiles.EnsureFolder(Path.GetDirectoryName(Folder));
            PrivateFiles.EnsureFolder(Folder);
            byte[] content = PrivateFiles.IsUnix ? key : WindowsDataProtection.Protect(key);
            using (FileStream stream = PrivateFiles.CreateNew(PathFor(storeId)))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            return key;
        }

        /// <summary>Reads a store's key; a missing, public or damaged file is a clear error naming the file.</summary>
        public byte[] Load(string storeId, string storeLocation)
        {
            string path = PathFor(storeId);
            if (!File.Exists(path))
            {
                throw Fail.ProtectionKeyMissing(storeLocation, path);
            }

            PrivateFiles.RequirePrivate(path, Fail.ProtectionKeyInsecure);

            try
            {
                byte[] content = File.ReadAllBytes(path);
                byte[] key = PrivateFiles.IsUnix ? content : WindowsDataProtection.Unprotect(content);
                if (key.Length != KeyLength)
                {
                    throw new InvalidDataException($"The key has {key.Length} bytes instead of {KeyLength}.");
                }

                return key;
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException || ex is System.ComponentModel.Win32Exception)
            {
                throw Fail.ProtectionKeyInvalid(path, ex);
            }
        }
    }
}
