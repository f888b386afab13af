namespace ApiKeyAdmin.Storage
{
    /// <summary>Who a shared store's connection authenticated as, and what the database lets that login do with the store.</summary>
    public sealed class StoreLogin
    {
        /// <summary>Creates the answer of one look at the database's privileges.</summary>
        public StoreLogin(string name, string owner, bool isOwner, StoreAccess? access)
        {
            Name = name;
            Owner = owner;
            IsOwner = isOwner;
            Access = access;
        }

        /// <summary>The authenticated login, never a name the client supplied.</summary>
        public string Name { get; }

        /// <summary>The login that owns the store's objects, or null when there is no store yet.</summary>
        public string Owner { get; }

        /// <summary>True when the login owns the store's objects (and so may grant on them and migrate them).</summary>
        public bool IsOwner { get; }

        /// <summary>The access the database gives the login; the owner administers; null for none (or no store yet).</summary>
        public StoreAccess? Access { get; }
    }
}
