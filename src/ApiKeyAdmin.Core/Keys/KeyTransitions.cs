using System;
using System.Linq;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>The changes of a key's state inside an admin transaction, each saved with its tag and audited.</summary>
    internal static class KeyTransitions
    {
        /// <summary>
        /// A new Active key that takes its account, kind, description, app and scopes from <paramref name="template"/>:
        /// the request, or the key it replaces. Its secret is kept encrypted unless the store's policy says Never.
        /// </summary>
        internal static IssuedKey Issue(AdminTransaction admin, KeyRecord template)
        {
            string secret = KeyFormat.Generate(template.Kind);
            var record = new KeyRecord
            {
                KeyId = KeyFormat.NewKeyId(),
                Account = template.Account,
                Kind = template.Kind,
                AppName = template.AppName,
                Scope = template.Scope,
                StoredStatus = KeyStatus.Active,
                Description = template.Description ?? string.Empty,
                CreatedAt = admin.Now,
                CreatedBy = admin.Actor,
                SecretHash = SecretHash.Compute(secret),
                MaskedKey = KeyFormat.Mask(secret),
            };
            bool kept = StoreSettings.RevealAllowed(admin.Tx);
            if (kept)
            {
                record.EncryptedSecret = SecretProtector.Protect(admin.Keys, record.KeyId, secret);
            }

            admin.Add(record);
            return new IssuedKey(record.ToApiKey(admin.Now), secret, shownOnce: !kept);
        }

        /// <summary>Deactivates a key now, after checking its row is intact.</summary>
        internal static void Deactivate(AdminTransaction admin, KeyRecord key, string detail)
        {
            admin.CheckIntact(key);
            key.StoredStatus = KeyStatus.Deactivated;
            key.DeactivatedAt = admin.Now;
            key.DeactivatedBy = admin.Actor;
            admin.Save(key);
            admin.Audit(AuditAction.Deactivated, key.Account, key.KeyId, detail);
        }

        /// <summary>Records an Expiring key whose grace is over as deactivated at its grace end.</summary>
        internal static void Expire(AdminTransaction admin, KeyRecord key)
        {
            DateTimeOffset expiredAt = key.ExpiresAt.Value;
            key.StoredStatus = KeyStatus.Deactivated;
            key.DeactivatedAt = expiredAt;
            admin.Save(key);
            admin.Audit(AuditAction.Expired, key.Account, key.KeyId, $"Grace period ended at {expiredAt:u}");
        }

        /// <summary>A grace end needs no write when it passes; the next write that meets the account's keys of the kind records it.</summary>
        internal static void SettleExpired(AdminTransaction admin, string account, KeyKind kind, string appName)
        {
            foreach (KeyRecord key in KeyFinder.KeysOf(admin.Tx, account, kind, appName)
                .Where(k => k.StoredStatus == KeyStatus.Expiring && k.StatusAt(admin.Now) == KeyStatus.Deactivated))
            {
                Expire(admin, key);
            }
        }
    }
}
