using System;
using System.Collections.Generic;
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

        /// <summary>What this host checks the store's rows with: its own signing key's public half, or the legacy HMAC key.</summary>
        internal StoreTrust Trust => session.Trust(Tx);

        private RowSigner Signer => session.Signer(Tx);

        /// <summary>Appends an audit row by the actor, now, chained to the stored head.</summary>
        internal void Audit(AuditAction action, string account, string keyId, string detail) =>
            Tx.AppendAudit(new AuditChain(Keys.Audit, Tx.GetAuditHead()).Next(Now, Actor, action, account, keyId, detail));

        /// <summary>Adds a new key row with its integrity tag.</summary>
        internal void Add(KeyRecord key)
        {
            key.Tag = KeyIntegrity.Tag(Signer, key);
            Tx.AddKey(key);
        }

        /// <summary>Writes a changed key row with a fresh integrity tag.</summary>
        internal void Save(KeyRecord key)
        {
            key.Tag = KeyIntegrity.Tag(Signer, key);
            Tx.UpdateKey(key);
        }

        /// <summary>IntegrityCheckFailed unless the key row is as ApiKeyAdmin wrote it.</summary>
        internal void CheckIntact(KeyRecord key) => KeyIntegrity.Require(Trust, key);

        /// <summary>The role rows that grant their role (all, or those of one role): rows written by hand are left out.</summary>
        internal IReadOnlyList<AdminRole> Roles(string role) => RoleIntegrity.Granted(Tx, role, Trust);

        /// <summary>Adds a role row with its integrity tag.</summary>
        internal void AddRole(AdminRole role)
        {
            role.Tag = RoleIntegrity.Tag(Signer, role);
            Tx.AddRole(role);
        }

        /// <summary>Signs the settings as they now stand; every command that writes a setting ends with this.</summary>
        internal void SealSettings() => SettingsIntegrity.Seal(Tx, Signer);

        /// <summary>Makes the store signed with a new signing key, which this session then signs with.</summary>
        internal RowSigner Install() => session.Install(Tx);
    }
}
