using System;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// What a verifier checks key rows with, read from the store's settings, which must verify with it: on a signed
    /// store the public key this host pinned, and no key file; on a store not yet signed, the key file's HMAC key.
    /// </summary>
    internal sealed class StoreTrustLoader
    {
        // The sealed signing key is for administering hosts only, and a shared store hides it from verify logins.
        private static readonly string[] VerifierIgnores = { StoreSettings.SealedSigningKey };

        private readonly IKeyStore store;
        private readonly ProtectionKeyFolder keyFolder;
        private readonly SigningKeyPin pin;

        internal StoreTrustLoader(IKeyStore store, ProtectionKeyFolder keyFolder, HostStateFolder hostState)
        {
            this.store = store;
            this.keyFolder = keyFolder;
            pin = new SigningKeyPin(hostState);
        }

        /// <summary>The signed settings tag of the last load: settings under the same tag need no second read.</summary>
        internal string CheckedSettingsTag { get; private set; }

        /// <summary>
        /// The trust to use from now on (<paramref name="current"/> when unchanged, which is then kept; a replaced one is
        /// disposed) and the sunset date. Called under the verifier's store lock, the only place that checks with it.
        /// </summary>
        internal (StoreTrust Trust, DateTimeOffset? Sunset) Load(StoreTrust current)
        {
            (StoreTrust next, DateTimeOffset? sunset) = store.Read(tx =>
            {
                StoreTrust checking = TrustFor(tx, current);
                SettingsIntegrity.Require(tx, checking, store.Location, VerifierIgnores);
                CheckedSettingsTag = tx.GetSetting(StoreSettings.SettingsTag);
                return (checking, StoreSettings.ReadDate(tx, StoreSettings.SunsetAt));
            });
            if (current != null && current != next)
            {
                current.Dispose();
            }

            return (next, sunset);
        }

        // The public key of a signed store, checked against the pin (the one already held when unchanged), or on a store
        // not yet signed the key file's HMAC key.
        private StoreTrust TrustFor(IStoreTransaction tx, StoreTrust current)
        {
            string storeId = StoreSettings.ReadStoreId(tx);
            StoreTrust shown = StoreSigning.ReadTrust(tx);
            if (shown != null && current != null && current.Same(shown))
            {
                shown.Dispose();
                return current;
            }

            pin.Check(store.Location, storeId, shown?.PublicKey);
            if (shown != null)
            {
                return shown;
            }

            return current != null && !current.IsSigned ? current : StoreTrust.Legacy(new ProtectionKeys(keyFolder.Load(storeId, store.Location)));
        }
    }
}
