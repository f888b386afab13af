using System;

namespace ApiKeyAdmin
{
    /// <summary>A database login's access to a shared store, as Grant-ApiKeyStoreAccess recorded it.</summary>
    public sealed class StoreAccessGrant
    {
        /// <summary>Creates an access row.</summary>
        public StoreAccessGrant(string login, StoreAccess access, DateTimeOffset grantedAt, string grantedBy)
        {
            Login = login;
            Access = access;
            GrantedAt = grantedAt;
            GrantedBy = grantedBy;
        }

        /// <summary>The database login (a PostgreSQL role that may log in).</summary>
        public string Login { get; }

        /// <summary>What the login may do.</summary>
        public StoreAccess Access { get; }

        /// <summary>When the access was granted (UTC).</summary>
        public DateTimeOffset GrantedAt { get; }

        /// <summary>The login that granted it.</summary>
        public string GrantedBy { get; }

        /// <summary>The row's integrity tag, as the store keeps it; not part of the output.</summary>
        internal byte[] Tag { get; set; }
    }
}
