using System.Collections.Generic;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// What the key manager reads and writes inside one transaction. A store implements it once; every rule
    /// (one active key, permissions, the audit chain) lives in the manager above it.
    /// </summary>
    public interface IStoreTransaction
    {
        /// <summary>A store-wide setting, or null.</summary>
        string GetSetting(string name);

        /// <summary>Sets a store-wide setting.</summary>
        void SetSetting(string name, string value);

        /// <summary>Every role assignment, or those of one role.</summary>
        IReadOnlyList<AdminRole> GetRoles(string role);

        /// <summary>Adds a role assignment.</summary>
        void AddRole(AdminRole role);

        /// <summary>Removes a role assignment; false when there was none.</summary>
        bool RemoveRole(string user, string role);

        /// <summary>One key by id, or null.</summary>
        KeyRecord GetKey(string keyId);

        /// <summary>Keys of the given accounts (all when null) and kind (all when null), newest first.</summary>
        IReadOnlyList<KeyRecord> GetKeys(IReadOnlyList<string> accounts, KeyKind? kind);

        /// <summary>Whether the account has ever had a key of the kind.</summary>
        bool HasHadKey(string account, KeyKind kind);

        /// <summary>Adds a key.</summary>
        void AddKey(KeyRecord key);

        /// <summary>Writes a key's status, deactivation, expiry, encrypted copy and tag.</summary>
        void UpdateKey(KeyRecord key);

        /// <summary>
        /// Records that something deciding verification changed other than a key row (the sunset date), so that running
        /// verifiers reload as they do after a key change: moves the counter <see cref="IKeyStore.ChangeCounter"/> reads.
        /// </summary>
        void MarkKeysChanged();

        /// <summary>Erases every encrypted copy of a secret (show-once).</summary>
        int EraseEncryptedSecrets();

        /// <summary>The audit chain's head.</summary>
        AuditHead GetAuditHead();

        /// <summary>The tag of the audit row at <paramref name="sequence"/>, or null when there is none: one indexed read.</summary>
        byte[] GetAuditTag(long sequence);

        /// <summary>Appends an audit row and moves the head to it.</summary>
        void AppendAudit(AuditRecord record);

        /// <summary>Whether any audit row names <paramref name="user"/> (without regard to case) as its actor: the user has used the store.</summary>
        bool HasActed(string user);

        /// <summary>The names of all accounts that have keys, for completion.</summary>
        IReadOnlyList<string> GetAccountNames();
    }
}
