using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>The store-wide settings: reading them, and changing them in one audited transaction.</summary>
    public sealed class StorePolicyEditor
    {
        private readonly StoreSession session;

        internal StorePolicyEditor(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>The store-wide settings.</summary>
        public StorePolicy Get()
        {
            session.Require();
            return session.Read(Operation.OnSetting("read the store policy", "every setting"), admin => Read(admin));
        }

        /// <summary>The store itself: where and what it is, its id and key file, its key and audit rows; a missing store is described, not created.</summary>
        public StoreInfo Describe()
        {
            IKeyStore store = session.Store;
            if (!session.Exists)
            {
                return new StoreInfo(store.Location, store.Engine, false, null, null, null, null, null);
            }

            return session.Read(Operation.OnStore("describe the store"), admin =>
            {
                string storeId = StoreSettings.ReadStoreId(admin.Tx);
                return new StoreInfo(store.Location, store.Engine, true, storeId, store.SchemaVersion, session.KeyFolder.PathFor(storeId),
                    admin.Tx.GetKeys(null, null).Count, admin.Tx.GetAuditHead().Sequence);
            });
        }

        /// <summary>
        /// Changes the settings <paramref name="change"/> names, in one audited transaction. Reveal = Never erases every
        /// encrypted copy; a new SunsetAt reaches running verifiers as fast as a key change does. A missing store is
        /// created first, as by the first key, so that a store can be show-once from its start.
        /// </summary>
        public StorePolicy Set(StorePolicyChange change)
        {
            change.Validate();
            session.Ensure();
            return session.Write(Operation.OnSetting("change the store policy", change.Names), admin =>
            {
                StorePolicy before = Read(admin);
                var details = new List<string>();
                if (change.Reveal is RevealPolicy reveal)
                {
                    StoreSettings.WriteReveal(admin.Tx, reveal);
                    int erased = reveal == RevealPolicy.Never ? admin.Tx.EraseEncryptedSecrets() : 0;
                    details.Add($"Reveal: {before.Reveal} -> {reveal}" + (erased > 0 ? $"; {erased} encrypted copies erased" : string.Empty));
                }

                if (change.ChangesNewKeysUntil)
                {
                    StoreSettings.WriteDate(admin.Tx, StoreSettings.NewKeysUntil, change.NewKeysUntil);
                    details.Add($"NewKeysUntil: {StoreSettings.Show(before.NewKeysUntil)} -> {StoreSettings.Show(change.NewKeysUntil)}");
                }

                if (change.ChangesSunsetAt)
                {
                    StoreSettings.WriteDate(admin.Tx, StoreSettings.SunsetAt, change.SunsetAt);
                    admin.Tx.MarkKeysChanged();
                    details.Add($"SunsetAt: {StoreSettings.Show(before.SunsetAt)} -> {StoreSettings.Show(change.SunsetAt)}");
                }

                admin.SealSettings();
                admin.Audit(AuditAction.PolicyChanged, null, null, string.Join("; ", details));
                return Read(admin);
            }, Rewrites(change));
        }

        // The settings a change writes anew: a Super Admin repairs one edited by hand with the command, no SQL needed.
        private static string[] Rewrites(StorePolicyChange change) =>
            new[] { change.Reveal.HasValue ? StoreSettings.Reveal : null, change.ChangesNewKeysUntil ? StoreSettings.NewKeysUntil : null, change.ChangesSunsetAt ? StoreSettings.SunsetAt : null }
                .Where(name => name != null).ToArray();

        private StorePolicy Read(AdminTransaction admin) =>
            new StorePolicy(session.Store.Location, StoreSettings.RevealAllowed(admin.Tx) ? RevealPolicy.Allowed : RevealPolicy.Never,
                StoreSettings.ReadDate(admin.Tx, StoreSettings.NewKeysUntil), StoreSettings.ReadDate(admin.Tx, StoreSettings.SunsetAt));
    }
}
