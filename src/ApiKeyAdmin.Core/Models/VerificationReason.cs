namespace ApiKeyAdmin
{
    /// <summary>Why a presented key was accepted or refused.</summary>
    public enum VerificationReason
    {
        /// <summary>The key verifies.</summary>
        Valid = 0,

        /// <summary>Not in the key format, or its checksum is wrong; decided without reading the store.</summary>
        Malformed = 1,

        /// <summary>Well formed, but no such key exists in the store (or its row failed its integrity check).</summary>
        Unknown = 2,

        /// <summary>The key was deactivated or rotated without grace.</summary>
        Deactivated = 3,

        /// <summary>The key was rotated with a grace period that is over.</summary>
        Expired = 4,

        /// <summary>A standard key presented on or after the store's sunset date.</summary>
        Sunset = 5,

        /// <summary>An app token that lacks one of the scopes the call requires.</summary>
        InsufficientScope = 6,

        /// <summary>
        /// The store could not be reached and the verifier could not answer from memory; refused. A service may answer
        /// 503 rather than 401: the key itself may be good.
        /// </summary>
        StoreUnavailable = 7,

        /// <summary>
        /// The store's audit chain is behind what this host has seen (rows cut off its end, or an older copy restored):
        /// every key is refused until a Super Admin accepts the store with Test-ApiKeyAuditLog -AcceptRollback.
        /// </summary>
        StoreRolledBack = 8,
    }
}
