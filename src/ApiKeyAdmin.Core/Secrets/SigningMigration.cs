using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Brings a store made by an earlier version (key rows tagged by HMAC under the data-protection key, role rows and
    /// settings untagged) forward, in the Super Admin's transaction: a signing key is made, every key row whose HMAC
    /// verifies is signed, every role row and the settings are signed, and a SigningKeyCreated row records it. From then
    /// on a verifier needs no key file, and HMAC tags count no more.
    /// </summary>
    internal static class SigningMigration
    {
        internal static void Run(AdminTransaction admin)
        {
            IStoreTransaction tx = admin.Tx;
            IReadOnlyList<KeyRecord> keys = tx.GetKeys(null, null);
            IReadOnlyList<AdminRole> roles = tx.GetRoles(null);
            // A signed store whose signing settings were removed by hand is not an old store: its rows still carry signatures.
            if (roles.Any(r => r.Tag != null) || keys.Any(k => StoreTrust.IsSignature(k.Tag)))
            {
                throw Fail.SigningKeyInvalid();
            }

            StoreTrust legacy = StoreTrust.Legacy(admin.Keys);
            admin.Install();
            int unsigned = 0;
            foreach (KeyRecord key in keys)
            {
                if (KeyIntegrity.IsIntact(legacy, key))
                {
                    admin.Save(key);
                }
                else
                {
                    // A row that fails its tag keeps failing: signing it would launder a hand edit.
                    unsigned++;
                }
            }

            foreach (AdminRole role in roles)
            {
                tx.RemoveRole(role.User, role.Role);
                admin.AddRole(role);
            }

            admin.SealSettings();
            admin.Audit(AuditAction.SigningKeyCreated, null, null,
                $"Store signed: {keys.Count - unsigned} key rows signed, {unsigned} left unsigned (they failed their tag); role rows signed: " +
                (roles.Count == 0 ? "(none)" : string.Join(", ", roles.Select(r => $"{r.Role} of {r.User}"))) + "; settings signed");
        }
    }
}
