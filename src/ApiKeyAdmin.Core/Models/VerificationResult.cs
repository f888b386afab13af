namespace ApiKeyAdmin
{
    /// <summary>The answer to "may this key call?".</summary>
    public sealed class VerificationResult
    {
        /// <summary>Creates a verification result.</summary>
        public VerificationResult(bool isValid, string account, string keyId, KeyKind? kind, VerificationReason reason)
            : this(isValid, account, keyId, kind, reason, null, null)
        {
        }

        /// <summary>Creates a verification result for an app token, with its app name and scopes.</summary>
        public VerificationResult(bool isValid, string account, string keyId, KeyKind? kind, VerificationReason reason, string appName, string scopes)
        {
            IsValid = isValid;
            Account = account ?? string.Empty;
            KeyId = keyId ?? string.Empty;
            Kind = kind;
            Reason = reason;
            AppName = appName ?? string.Empty;
            Scopes = scopes ?? string.Empty;
        }

        /// <summary>True when the key verifies.</summary>
        public bool IsValid { get; }

        /// <summary>The key's account; empty for an unknown or malformed key.</summary>
        public string Account { get; }

        /// <summary>The key's id; empty for an unknown or malformed key.</summary>
        public string KeyId { get; }

        /// <summary>The key's kind; null for an unknown or malformed key.</summary>
        public KeyKind? Kind { get; }

        /// <summary>Why it was accepted or refused.</summary>
        public VerificationReason Reason { get; }

        /// <summary>An app token's app name; empty for other kinds and for unknown or malformed keys.</summary>
        public string AppName { get; }

        /// <summary>An app token's scopes, space-separated; empty for other kinds and for unknown or malformed keys.</summary>
        public string Scopes { get; }

        internal static VerificationResult Refused(VerificationReason reason) =>
            new VerificationResult(false, null, null, null, reason);
    }
}
