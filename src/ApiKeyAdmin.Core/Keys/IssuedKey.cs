namespace ApiKeyAdmin
{
    /// <summary>A key together with its secret, as generation, rotation and reveal return it.</summary>
    public sealed class IssuedKey
    {
        /// <summary>Pairs a key with its secret; <paramref name="shownOnce"/> when the store keeps no copy to show it again.</summary>
        public IssuedKey(ApiKey key, string secret, bool shownOnce = false)
        {
            Key = key;
            Secret = secret;
            ShownOnce = shownOnce;
        }

        /// <summary>The key.</summary>
        public ApiKey Key { get; }

        /// <summary>The secret, in plain text; the caller decides how it leaves.</summary>
        public string Secret { get; }

        /// <summary>True for a new secret in a show-once store: this is the only time anyone sees it.</summary>
        public bool ShownOnce { get; }
    }
}
