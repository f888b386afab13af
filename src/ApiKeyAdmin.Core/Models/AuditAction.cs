namespace ApiKeyAdmin
{
    /// <summary>What an audit entry records.</summary>
    public enum AuditAction
    {
        /// <summary>The store was created; its creator became the first Super Admin.</summary>
        StoreCreated = 0,

        /// <summary>A key was generated.</summary>
        Created = 1,

        /// <summary>A key's secret was shown.</summary>
        Viewed = 2,

        /// <summary>A key was rotated: a new key was made and the old one deactivated or set to expire.</summary>
        Rotated = 3,

        /// <summary>A key was deactivated with no replacement.</summary>
        Deactivated = 4,

        /// <summary>A key's grace period was found to be over.</summary>
        Expired = 5,

        /// <summary>A command was refused for want of a role.</summary>
        AccessDenied = 6,

        /// <summary>A role was granted.</summary>
        RoleGranted = 7,

        /// <summary>A role was revoked.</summary>
        RoleRevoked = 8,

        /// <summary>A store-wide policy was changed.</summary>
        PolicyChanged = 9,

        /// <summary>The store was made as a copy of another; the row names the source and its chain head.</summary>
        StoreCopied = 10,

        /// <summary>A store made by an earlier version was signed: a signing key was made and its rows were signed with it.</summary>
        SigningKeyCreated = 11,

        /// <summary>A Super Admin accepted a store whose audit chain went back (a deliberate restore) on one host.</summary>
        RollbackAccepted = 12,

        /// <summary>A database login was given access to a shared store.</summary>
        AccessGranted = 13,

        /// <summary>A database login's access to a shared store was taken away.</summary>
        AccessRevoked = 14,

        /// <summary>A role assignment was changed in place: its e-mail address for reminders.</summary>
        RoleChanged = 15,

        /// <summary>The store's owner took the Super Admin role back with Grant-ApiKeyAdminRole -Recover.</summary>
        AccessRecovered = 16,

        /// <summary>A rotation reminder step was mailed to one recipient (Send-ApiKeyRotationReminder), so it is never mailed to them again.</summary>
        ReminderSent = 17,
    }
}
