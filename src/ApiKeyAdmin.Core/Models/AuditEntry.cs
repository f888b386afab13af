using System;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin
{
    /// <summary>One row of the append-only audit log.</summary>
    public sealed class AuditEntry
    {
        /// <summary>Creates an audit entry.</summary>
        public AuditEntry(long sequence, DateTimeOffset timestamp, string account, string keyId, AuditAction action, string actor, string detail)
        {
            Sequence = sequence;
            Timestamp = timestamp;
            // The chain is checked over the row as stored; what is shown never holds a raw control character.
            Account = SafeText.Escape(account) ?? string.Empty;
            KeyId = SafeText.Escape(keyId) ?? string.Empty;
            Action = action;
            Actor = SafeText.Escape(actor);
            Detail = SafeText.Escape(detail) ?? string.Empty;
        }

        /// <summary>The row's place in the chain, from 1.</summary>
        public long Sequence { get; }

        /// <summary>When it happened (UTC).</summary>
        public DateTimeOffset Timestamp { get; }

        /// <summary>The account concerned; empty for store-wide actions.</summary>
        public string Account { get; }

        /// <summary>The key concerned; empty when none.</summary>
        public string KeyId { get; }

        /// <summary>What happened.</summary>
        public AuditAction Action { get; }

        /// <summary>Who did it.</summary>
        public string Actor { get; }

        /// <summary>More about it, never a secret.</summary>
        public string Detail { get; }
    }
}
