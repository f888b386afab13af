namespace ApiKeyAdmin
{
    /// <summary>Which step of the rotation schedule a reminder is for.</summary>
    public enum ReminderStage
    {
        /// <summary>Day 150: rotation is due in 30 days.</summary>
        Reminder = 0,

        /// <summary>Day 180: the key should be rotated now.</summary>
        RotationDue = 1,

        /// <summary>Day 360, 540, …: the key is still not rotated.</summary>
        RotationOverdue = 2,
    }
}
