namespace ApiKeyAdmin
{
    /// <summary>Why a user receives a rotation reminder.</summary>
    public enum ReminderRecipientReason
    {
        /// <summary>The user holds the SuperAdmin role of the store.</summary>
        SuperAdmin = 0,

        /// <summary>The user generated the key, or made it by rotating its predecessor.</summary>
        CreatedOrRotatedKey = 1,
    }
}
