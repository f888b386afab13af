namespace ApiKeyAdmin
{
    /// <summary>Whether a key still verifies.</summary>
    public enum KeyStatus
    {
        /// <summary>The account's current key of its kind.</summary>
        Active = 0,

        /// <summary>Rotated with a grace period: still verifies until its ExpiresAt.</summary>
        Expiring = 1,

        /// <summary>Disabled, rotated without grace, or past its grace period: never verifies again.</summary>
        Deactivated = 2,
    }
}
