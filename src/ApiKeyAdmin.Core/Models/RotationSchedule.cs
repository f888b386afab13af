using System;

namespace ApiKeyAdmin
{
    /// <summary>The seeds' rotation schedule: a reminder at 5 months, rotation due at 6, then every 6 months.</summary>
    public static class RotationSchedule
    {
        /// <summary>Days after which a key should be rotated.</summary>
        public const int RotationDays = 180;

        /// <summary>Days after which the first reminder is due.</summary>
        public const int ReminderDays = 150;

        /// <summary>The rotation state of a key made at <paramref name="createdAt"/>, seen at <paramref name="asOf"/>.</summary>
        public static RotationState StateAt(DateTimeOffset createdAt, DateTimeOffset asOf)
        {
            TimeSpan age = asOf - createdAt;
            if (age >= TimeSpan.FromDays(RotationDays))
            {
                return RotationState.Overdue;
            }

            return age >= TimeSpan.FromDays(ReminderDays) ? RotationState.ReminderDue : RotationState.Current;
        }
    }
}
