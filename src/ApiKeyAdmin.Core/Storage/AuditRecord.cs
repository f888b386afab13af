using System;

namespace ApiKeyAdmin.Storage
{
    /// <summary>An audit row as stored, with its chain tag.</summary>
    public sealed class AuditRecord
    {
        /// <summary>Position in the chain, from 1.</summary>
        public long Sequence { get; set; }

        /// <summary>When.</summary>
        public DateTimeOffset Timestamp { get; set; }

        /// <summary>Who.</summary>
        public string Actor { get; set; }

        /// <summary>What.</summary>
        public AuditAction Action { get; set; }

        /// <summary>The account, or empty.</summary>
        public string Account { get; set; }

        /// <summary>The key, or empty.</summary>
        public string KeyId { get; set; }

        /// <summary>More, never a secret.</summary>
        public string Detail { get; set; }

        /// <summary>HMAC over the previous tag and this row.</summary>
        public byte[] Tag { get; set; }

        /// <summary>The public view of the row.</summary>
        public AuditEntry ToEntry() => new AuditEntry(Sequence, Timestamp, Account, KeyId, Action, Actor, Detail);
    }
}
