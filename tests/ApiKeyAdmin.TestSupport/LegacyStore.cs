using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// Turns a store made by this version into one as the previous version left it: key rows tagged by HMAC under the
    /// data-protection key, no signing key, fingerprint salt or settings tag, role rows without tags, and no pin of its
    /// signing key in the user's state folder.
    /// </summary>
    internal static class LegacyStore
    {
        internal static void Downgrade(TestStore store)
        {
            List<KeyRecord> keys;
            ProtectionKeys protection;
            using (IKeyStore raw = store.NewKeyStore())
            {
                keys = raw.Read(tx => tx.GetKeys(null, null)).ToList();
                protection = new ProtectionKeys(store.KeyFolder.Load(raw.Read(tx => tx.GetSetting("store_id")), raw.Location));
                // The previous version pinned nothing; the pin its maker wrote would refuse the store without a key.
                File.Delete(new SigningKeyPin(store.HostState).PathFor(raw.Location));
            }

            foreach (KeyRecord key in keys)
            {
                store.Sql("UPDATE keys SET tag = @tag WHERE key_id = @id", ("@tag", Tag(protection, key)), ("@id", key.KeyId));
            }

            store.Sql("UPDATE roles SET tag = NULL");
            store.Sql("DELETE FROM settings WHERE name IN ('signing_key', 'signing_key_sealed', 'fingerprint_salt', 'settings_tag')");
        }

        /// <summary>The previous version's key-row tag, frozen here as it computed it: HMAC-SHA-256 under the key-row key over the canonical row.</summary>
        internal static byte[] Tag(ProtectionKeys keys, KeyRecord key)
        {
            using (var canonical = new Canonical())
            using (var hmac = new HMACSHA256(keys.KeyRows))
            {
                canonical.Add(key.KeyId).Add(key.Account.ToUpperInvariant()).Add((long)key.Kind).Add((long)key.StoredStatus)
                    .Add(key.CreatedAt).Add(key.DeactivatedAt).Add(key.ExpiresAt).Add(key.SecretHash);
                if (key.Kind == KeyKind.AppToken)
                {
                    canonical.Add(key.AppName).Add(key.Scope);
                }

                return hmac.ComputeHash(canonical.ToArray());
            }
        }
    }
}
