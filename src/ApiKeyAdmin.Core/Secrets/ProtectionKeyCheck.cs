using System.Linq;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// Whether a data-protection key file belongs to the store: the store keeps the key's check value among its settings,
    /// so a file with the right name and the wrong 32 bytes (a wrong backup restored) is ProtectionKeyInvalid up front,
    /// instead of secrets that seem never kept and rows that seem altered. A store made before the check value gets it
    /// from a Super Admin's first command, once its key file has proved itself on the store's first audit row.
    /// </summary>
    internal static class ProtectionKeyCheck
    {
        /// <summary>ProtectionKeyInvalid when the store holds a check value that <paramref name="keys"/> do not match.</summary>
        internal static void Require(IStoreTransaction tx, ProtectionKeys keys, string keyPath)
        {
            string stored = tx.GetSetting(StoreSettings.KeyCheck);
            if (stored != null && stored != keys.CheckValue)
            {
                throw Fail.ProtectionKeyNotThisStores(keyPath);
            }
        }

        /// <summary>Records the check value of a new store's key.</summary>
        internal static void Write(IStoreTransaction tx, ProtectionKeys keys) => tx.SetSetting(StoreSettings.KeyCheck, keys.CheckValue);

        /// <summary>True when the store has no check value yet.</summary>
        internal static bool Missing(IStoreTransaction tx) => tx.GetSetting(StoreSettings.KeyCheck) == null;

        /// <summary>
        /// Whether <paramref name="keys"/> made the store's first audit row (every store has one, chained from the empty
        /// head): the proof a key file gives of itself before its check value is recorded.
        /// </summary>
        internal static bool MadeFirstRow(IKeyStore store, ProtectionKeys keys)
        {
            AuditRecord first = store.ReadAudit(new AuditFilter { OldestFirst = true, First = 1 }, CancellationToken.None).FirstOrDefault();
            return first != null && new AuditChain(keys.Audit, AuditHead.Empty).Verifies(first);
        }
    }
}
