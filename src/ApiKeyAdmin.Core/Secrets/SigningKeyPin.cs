using System;
using System.IO;
using ApiKeyAdmin.HostState;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// A host's memory of each store's public signing key, as SSH remembers host keys: the key a store shows on first use
    /// is written to the host's own state folder, and a store at that location that later shows another key, or none,
    /// is refused. Pins are named by the store's location, which the store cannot change, and hold its id and key.
    /// </summary>
    internal sealed class SigningKeyPin
    {
        /// <summary>The state file's purpose.</summary>
        internal const string Purpose = "signing-key";

        private readonly HostStateFolder folder;

        /// <summary>Keeps the pins in <paramref name="folder"/>, the host's state folder.</summary>
        internal SigningKeyPin(HostStateFolder folder)
        {
            this.folder = folder ?? throw new ArgumentNullException(nameof(folder));
        }

        /// <summary>The pin file of the store at <paramref name="location"/>.</summary>
        internal string PathFor(string location) => folder.PathFor(HostStateFolder.KeyFor(location), Purpose);

        /// <summary>
        /// Pins the store's key on first use; SigningKeyChanged when the store at <paramref name="location"/> was pinned
        /// with another id or key, or shows no key (<paramref name="publicKey"/> null) after it was pinned with one.
        /// </summary>
        internal void Check(string location, string storeId, byte[] publicKey)
        {
            string pinned = Read(location);
            if (publicKey == null)
            {
                if (pinned != null)
                {
                    throw Fail.SigningKeyChanged(location, PathFor(location));
                }

                return;
            }

            string shown = Text(storeId, publicKey);
            if (pinned == null)
            {
                pinned = folder.Create(HostStateFolder.KeyFor(location), Purpose, shown);
            }

            if (!string.Equals(pinned, shown, StringComparison.Ordinal))
            {
                throw Fail.SigningKeyChanged(location, PathFor(location));
            }
        }

        /// <summary>
        /// Pins the key of a store this host has just made at <paramref name="location"/>, replacing any earlier pin there:
        /// the maker knows the key is the store's, and a store re-created at the same path must not be refused.
        /// </summary>
        internal void Replace(string location, string storeId, byte[] publicKey) =>
            folder.Write(HostStateFolder.KeyFor(location), Purpose, Text(storeId, publicKey));

        private static string Text(string storeId, byte[] publicKey) => storeId + "\n" + Convert.ToBase64String(publicKey) + "\n";

        private string Read(string location)
        {
            string path = PathFor(location);
            if (File.Exists(path) && !PrivateFiles.IsPrivate(path))
            {
                // Anyone who could write the pin could make this host trust their key.
                throw Fail.SigningKeyPinInsecure(path);
            }

            return folder.Read(HostStateFolder.KeyFor(location), Purpose);
        }
    }
}
