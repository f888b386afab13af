using System;

namespace ApiKeyAdmin
{
    /// <summary>A store's store-wide settings, one property per setting.</summary>
    public sealed class StorePolicy
    {
        /// <summary>Creates a policy view.</summary>
        public StorePolicy(string store, RevealPolicy reveal, DateTimeOffset? newKeysUntil = null, DateTimeOffset? sunsetAt = null)
        {
            Store = store;
            Reveal = reveal;
            NewKeysUntil = newKeysUntil;
            SunsetAt = sunsetAt;
        }

        /// <summary>Where the store is.</summary>
        public string Store { get; }

        /// <summary>Whether secrets can be shown again.</summary>
        public RevealPolicy Reveal { get; }

        /// <summary>From this moment (UTC) an account that never had a standard key cannot get one; null when open.</summary>
        public DateTimeOffset? NewKeysUntil { get; }

        /// <summary>From this moment (UTC) standard keys no longer verify; null when no sunset is set.</summary>
        public DateTimeOffset? SunsetAt { get; }
    }
}
