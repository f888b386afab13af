namespace ApiKeyAdmin
{
    /// <summary>A store's store-wide settings, one property per setting.</summary>
    public sealed class StorePolicy
    {
        /// <summary>Creates a policy view.</summary>
        public StorePolicy(string store, RevealPolicy reveal)
        {
            Store = store;
            Reveal = reveal;
        }

        /// <summary>Where the store is.</summary>
        public string Store { get; }

        /// <summary>Whether secrets can be shown again.</summary>
        public RevealPolicy Reveal { get; }
    }
}
