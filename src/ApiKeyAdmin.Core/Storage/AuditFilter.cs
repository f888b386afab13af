using System;
using System.Collections.Generic;

namespace ApiKeyAdmin.Storage
{
    /// <summary>Which audit rows to read; every criterion is optional and they combine with AND.</summary>
    public sealed class AuditFilter
    {
        /// <summary>Rows of any of these accounts (case-insensitive, as account names are).</summary>
        public IReadOnlyList<string> Accounts { get; set; }

        /// <summary>Rows about this key.</summary>
        public string KeyId { get; set; }

        /// <summary>Rows of any of these actions.</summary>
        public IReadOnlyList<AuditAction> Actions { get; set; }

        /// <summary>Rows by this actor (case-insensitive, as user names are).</summary>
        public string Actor { get; set; }

        /// <summary>Rows at or after this time.</summary>
        public DateTimeOffset? Since { get; set; }

        /// <summary>Rows before this time.</summary>
        public DateTimeOffset? Until { get; set; }

        /// <summary>At most this many rows.</summary>
        public int? First { get; set; }

        /// <summary>Oldest first (for chain checks) instead of newest first.</summary>
        public bool OldestFirst { get; set; }
    }
}
