namespace ApiKeyAdmin
{
    /// <summary>Where a key stands on the 180-day rotation schedule.</summary>
    public enum RotationState
    {
        /// <summary>Younger than 150 days.</summary>
        Current = 0,

        /// <summary>150 days or older: the first reminder is due.</summary>
        ReminderDue = 1,

        /// <summary>180 days or older: rotation is overdue.</summary>
        Overdue = 2,

        /// <summary>The key is Expiring or Deactivated: it is on its way out, so no rotation is due.</summary>
        Inactive = 3,
    }
}
