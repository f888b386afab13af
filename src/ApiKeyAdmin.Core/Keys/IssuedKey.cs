namespace ApiKeyAdmin
{
    /// <summary>A key together with its secret, as generation, rotation and reveal return it.</summary>
    public sealed class IssuedKey
    {
        /// <summary>Pairs a key with its secret.</summary>
        public IssuedKey(ApiKey key, string secret)
        {
            Key = key;
            Secret = secret;
        }

        /// <summary>The key.</summary>
        public ApiKey Key { get; }

        /// <summary>The secret, in plain text; the caller decides how it leaves.</summary>
        public string Secret { get; }
    }
}
