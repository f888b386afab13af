using System;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// One store transaction opened by the <see cref="StoreSession"/> for an acting user at one moment: the rows it
    /// writes are audited and tagged here, and nowhere else.
    /// </summary>
    internal sealed class AdminTransaction
    {
        private readonly StoreSession session;

        internal AdminTransaction(StoreSession session, IStoreTransaction tx, string actor, DateTimeOffset now)
        {
            this.session = session;
            Tx = tx;
            Actor = actor;
            Now = now;
        }

        /// <summary>The store transaction, for plain reads and for writes that carry no tag.</summary>
        internal IStoreTransaction Tx { get; }

        internal string Actor { get; }

        /// <summary>The moment the transaction acts at.</summary>
        internal DateTimeOffset Now { get; }

        /// <summary>The store's data-protection keys.</summary>
        internal ProtectionKeys Keys => session.Keys(Tx);

        /// <summary>Appends an audit row by the actor, now, chained to the stored head.</summary>
        internal void Audit(AuditAction action, string account, string keyId, string detail) =>
            Tx.AppendAudit(new AuditChain(Keys.Audit, Tx.GetAuditHead()).Next(Now, Actor, action, account, keyId, detail));

        /// <summary>Adds a new key row with its integrity tag.</summary>
        internal void Add(KeyRecord key)
        {
            key.Tag = KeyIntegrity.Tag(Keys, key);
            Tx.AddKey(key);
        }

        /// <summary>Writes a changed key row with a fresh integrity tag.</summary>
        internal void Save(KeyRecord key)
        {
            key.Tag = KeyIntegrity.Tag(Keys, key);
            Tx.UpdateKey(key);
        }

        /// <summary>IntegrityCheckFailed unless the key row is as ApiKeyAdmin wrote it.</summary>
        internal void CheckIntact(KeyRecord key) => KeyIntegrity.Require(Keys, key);
    }
}
