using System;
using System.Collections.Generic;

namespace ApiKeyAdmin.Storage
{
    /// <summary>Which call rows to read, newest first; every criterion is optional and they combine with AND.</summary>
    public sealed class CallFilter
    {
        /// <summary>Calls made with keys of any of these accounts.</summary>
        public IReadOnlyList<string> Accounts { get; set; }

        /// <summary>Calls made with this key.</summary>
        public string KeyId { get; set; }

        /// <summary>Calls at or after this time; the store never returns calls older than its retention.</summary>
        public DateTimeOffset Since { get; set; }

        /// <summary>Calls before this time.</summary>
        public DateTimeOffset? Until { get; set; }

        /// <summary>Only allowed or only denied calls.</summary>
        public CallOutcome? Outcome { get; set; }

        /// <summary>Calls whose reported status is any of these.</summary>
        public IReadOnlyList<int> StatusCodes { get; set; }

        /// <summary>Calls with this method (case-insensitive).</summary>
        public string Method { get; set; }

        /// <summary>Calls whose path matches this pattern (each store translates it into its own pattern language).</summary>
        public PathPattern Path { get; set; }

        /// <summary>At most this many rows.</summary>
        public int? First { get; set; }
    }
}
