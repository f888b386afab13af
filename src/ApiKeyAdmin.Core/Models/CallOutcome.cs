namespace ApiKeyAdmin
{
    /// <summary>Whether a call was let through.</summary>
    public enum CallOutcome
    {
        /// <summary>The key verified.</summary>
        Allowed = 0,

        /// <summary>The key was refused.</summary>
        Denied = 1,
    }
}
