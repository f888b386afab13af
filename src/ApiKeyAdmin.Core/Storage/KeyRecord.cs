using System;

namespace ApiKeyAdmin.Storage
{
    /// <summary>A key as a store keeps it: what administrators see plus the hash, the encrypted copy and the integrity tag.</summary>
    public sealed class KeyRecord
    {
        /// <summary>The public key id.</summary>
        public string KeyId { get; set; }

        /// <summary>The owning account.</summary>
        public string Account { get; set; }

        /// <summary>The key's kind.</summary>
        public KeyKind Kind { get; set; }

        /// <summary>An app token's app name; empty for keys.</summary>
        public string AppName { get; set; } = string.Empty;

        /// <summary>An app token's scopes, space-separated, sorted and distinct; empty for keys.</summary>
        public string Scope { get; set; } = string.Empty;

        /// <summary>The status as written; an Expiring key past its ExpiresAt reads as Deactivated.</summary>
        public KeyStatus StoredStatus { get; set; }

        /// <summary>Free text.</summary>
        public string Description { get; set; }

        /// <summary>When made.</summary>
        public DateTimeOffset CreatedAt { get; set; }

        /// <summary>Who made it.</summary>
        public string CreatedBy { get; set; }

        /// <summary>When deactivated or rotated.</summary>
        public DateTimeOffset? DeactivatedAt { get; set; }

        /// <summary>Who deactivated or rotated it.</summary>
        public string DeactivatedBy { get; set; }

        /// <summary>The end of its grace period.</summary>
        public DateTimeOffset? ExpiresAt { get; set; }

        /// <summary>Last successful verification.</summary>
        public DateTimeOffset? LastUsedAt { get; set; }

        /// <summary>SHA-256 of the secret.</summary>
        public byte[] SecretHash { get; set; }

        /// <summary>Prefix and last four characters.</summary>
        public string MaskedKey { get; set; }

        /// <summary>The encrypted copy of the secret, or null in show-once stores.</summary>
        public byte[] EncryptedSecret { get; set; }

        /// <summary>HMAC over the fields that decide whether the key verifies.</summary>
        public byte[] Tag { get; set; }

        /// <summary>The status as of a moment: an Expiring key whose grace period is over is Deactivated.</summary>
        public KeyStatus StatusAt(DateTimeOffset now) =>
            StoredStatus == KeyStatus.Expiring && ExpiresAt.HasValue && now >= ExpiresAt.Value ? KeyStatus.Deactivated : StoredStatus;
    }
}
