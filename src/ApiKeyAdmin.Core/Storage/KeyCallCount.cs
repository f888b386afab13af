namespace ApiKeyAdmin.Storage
{
    /// <summary>How many calls one key made since a moment, whatever their outcome.</summary>
    public sealed class KeyCallCount
    {
        /// <summary>Creates a count.</summary>
        public KeyCallCount(string keyId, string account, KeyKind kind, long calls)
        {
            KeyId = keyId;
            Account = account;
            Kind = kind;
            Calls = calls;
        }

        /// <summary>The key's id.</summary>
        public string KeyId { get; }

        /// <summary>The key's account.</summary>
        public string Account { get; }

        /// <summary>The key's kind.</summary>
        public KeyKind Kind { get; }

        /// <summary>Calls presented with the key, allowed or denied.</summary>
        public long Calls { get; }
    }
}
