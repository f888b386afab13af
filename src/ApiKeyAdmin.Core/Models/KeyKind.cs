namespace ApiKeyAdmin
{
    /// <summary>The kind of a key; each kind is an independent key under the same rules.</summary>
    public enum KeyKind
    {
        /// <summary>The account's standard API key.</summary>
        Standard = 0,

        /// <summary>A developer key, for managing the account's apps; separate from the standard key.</summary>
        Developer = 1,

        /// <summary>A private app's access token: one per account and app name, carrying scopes, and not affected by the sunset.</summary>
        AppToken = 2,
    }
}
