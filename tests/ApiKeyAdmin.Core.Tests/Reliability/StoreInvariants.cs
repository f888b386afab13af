using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using Xunit;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// What must hold of a store whatever happened to the processes that wrote it: SQLite's own integrity check, an
    /// audit chain that verifies, at most one Active and one Expiring key per account and kind, key rows whose integrity
    /// tags verify, and an audit log that tells each key's life exactly as the key table shows it.
    /// </summary>
    internal static class StoreInvariants
    {
        /// <summary>Asserts every invariant on a store that nothing is writing to; returns the number of keys.</summary>
        internal static int AssertConsistent(TestStore store)
        {
            Assert.Equal("ok", QuickCheck(store));
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);

            List<KeyRecord> keys;
            RowSigner signer;
            using (var raw = new SqliteKeyStore(store.StorePath, TestStore.Options()))
            {
                keys = raw.Read(tx => tx.GetKeys(null, null)).ToList();
                string storeId = raw.Read(tx => tx.GetSetting("store_id"));
                var protection = new ProtectionKeys(store.KeyFolder.Load(storeId, store.StorePath));
                signer = raw.Read(tx => StoreSigning.Open(tx, protection));
            }

            using (signer)
            {
                foreach (KeyRecord key in keys)
                {
                    Assert.True(KeyIntegrity.IsIntact(signer.Trust, key), $"key {key.KeyId} fails its integrity tag");
                }
            }

            foreach (var group in keys.GroupBy(k => (Account: k.Account.ToUpperInvariant(), k.Kind)))
            {
                Assert.True(group.Count(k => k.StoredStatus == KeyStatus.Active) <= 1, $"{group.Key} has more than one Active key");
                Assert.True(group.Count(k => k.StoredStatus == KeyStatus.Expiring) <= 1, $"{group.Key} has more than one Expiring key");
            }

            List<AuditEntry> audit = store.Manager.Logs.ReadAudit(new AuditFilter { OldestFirst = true }, CancellationToken.None).ToList();
            var ids = new HashSet<string>(keys.Select(k => k.KeyId), StringComparer.Ordinal);
            foreach (AuditEntry row in audit.Where(a => a.Action == AuditAction.Created || a.Action == AuditAction.Rotated
                || a.Action == AuditAction.Deactivated || a.Action == AuditAction.Expired))
            {
                Assert.True(ids.Contains(row.KeyId), $"audit row {row.Sequence} ({row.Action}) names {row.KeyId}, which is not in the key table");
            }

            foreach (KeyRecord key in keys)
            {
                int births = audit.Count(a => (a.Action == AuditAction.Created || a.Action == AuditAction.Rotated) && a.KeyId == key.KeyId);
                int graces = audit.Count(a => a.Action == AuditAction.Rotated && a.Detail.StartsWith($"Replaces {key.KeyId}, which keeps verifying", StringComparison.Ordinal));
                int ends = audit.Count(a => (a.Action == AuditAction.Deactivated || a.Action == AuditAction.Expired) && a.KeyId == key.KeyId)
                    + audit.Count(a => a.Action == AuditAction.Rotated && a.Detail.StartsWith($"Replaces {key.KeyId}, which deactivated at once", StringComparison.Ordinal));
                Assert.True(births == 1, $"key {key.KeyId} has {births} Created or Rotated rows");
                switch (key.StoredStatus)
                {
                    case KeyStatus.Active:
                        Assert.True(graces == 0 && ends == 0, $"Active key {key.KeyId} has {graces} grace and {ends} ending rows");
                        break;
                    case KeyStatus.Expiring:
                        Assert.True(graces == 1 && ends == 0, $"Expiring key {key.KeyId} has {graces} grace and {ends} ending rows");
                        break;
                    default:
                        Assert.True(graces <= 1 && ends == 1, $"Deactivated key {key.KeyId} has {graces} grace and {ends} ending rows");
                        break;
                }
            }

            return keys.Count;
        }

        private static string QuickCheck(TestStore store)
        {
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = store.StorePath, Pooling = false }.ToString()))
            {
                connection.Open();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = "PRAGMA integrity_check;";
                    return Convert.ToString(command.ExecuteScalar());
                }
            }
        }
    }
}
