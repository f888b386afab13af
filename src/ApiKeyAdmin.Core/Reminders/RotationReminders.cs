using System;
using System.Collections.Generic;
using System.Linq;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The seeds' reminder schedule, kept without state: an active key has a step at day 150 (a mail reminder), at day
    /// 180 (rotation due), then every further 180 days while it is not rotated (360, 540, …). Each step goes to every
    /// Super Admin and to whoever made the key (a key made by rotation names who rotated), each user once. Asking for
    /// the steps that fell due in a window ending now, once a window, mails each step once.
    /// </summary>
    public static class RotationReminders
    {
        /// <summary>The window a daily runbook asks about: one day.</summary>
        public static TimeSpan DefaultWindow { get; } = TimeSpan.FromDays(1);

        /// <summary>
        /// The reminder rows of the <see cref="KeyStatus.Active"/> keys among <paramref name="keys"/>: with a
        /// <paramref name="window"/>, the steps due in (<paramref name="asOf"/> − window, asOf]; without one, every step
        /// due by asOf. Ordered by due time, account, kind and key, then recipient (the key's maker first).
        /// </summary>
        public static IReadOnlyList<RotationReminder> For(IEnumerable<ApiKey> keys, IEnumerable<AdminRole> roles, DateTimeOffset asOf, TimeSpan? window)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            ValidateWindow(window);
            List<AdminRole> allRoles = (roles ?? Enumerable.Empty<AdminRole>()).ToList();
            DateTimeOffset? after = WindowStart(asOf, window);
            var rows = new List<RotationReminder>();
            IEnumerable<ApiKey> active = keys
                .Where(k => k.Status == KeyStatus.Active)
                .OrderBy(k => k.Account, StringComparer.OrdinalIgnoreCase)
                .ThenBy(k => k.Kind)
                .ThenBy(k => k.KeyId, StringComparer.Ordinal);
            foreach (ApiKey key in active)
            {
                IReadOnlyList<int> steps = StepsDue(key.CreatedAt, after, asOf);
                if (steps.Count == 0)
                {
                    continue;
                }

                int ageDays = AgeDays(key.CreatedAt, asOf);
                DateTimeOffset rotationDueAt = key.CreatedAt.AddDays(RotationSchedule.RotationDays).ToUniversalTime();
                List<(string User, ReminderRecipientReason Reason)> recipients = Recipients(key.CreatedBy, allRoles);
                foreach (int step in steps)
                {
                    DateTimeOffset dueAt = key.CreatedAt.AddDays(step).ToUniversalTime();
                    foreach ((string user, ReminderRecipientReason reason) in recipients)
                    {
                        rows.Add(new RotationReminder(key.Account, key.KeyId, key.Kind, ageDays, step, StageOf(step), dueAt, rotationDueAt,
                            user, EmailOf(user, allRoles), reason));
                    }
                }
            }

            // A stable sort: within one due time the key order and the recipient order above stay.
            return rows.OrderBy(r => r.DueAt).ToList();
        }

        /// <summary>
        /// The steps, as days of age, of a key made at <paramref name="createdAt"/> that fall due after
        /// <paramref name="after"/> (every step when null) and at or before <paramref name="upTo"/>.
        /// </summary>
        public static IReadOnlyList<int> StepsDue(DateTimeOffset createdAt, DateTimeOffset? after, DateTimeOffset upTo)
        {
            var steps = new List<int>();
            if (upTo < createdAt)
            {
                return steps;
            }

            // Bounds the loop without adding days past upTo, which could pass DateTimeOffset.MaxValue.
            long maxDays = (upTo - createdAt).Ticks / TimeSpan.TicksPerDay;
            for (long step = RotationSchedule.ReminderDays; step <= maxDays; step = NextStep(step))
            {
                DateTimeOffset dueAt = createdAt.AddDays(step);
                if (dueAt > upTo)
                {
                    break;
                }

                if (!after.HasValue || dueAt > after.Value)
                {
                    steps.Add((int)step);
                }
            }

            return steps;
        }

        /// <summary>Reminder for day 150, RotationDue for day 180, RotationOverdue for every later step.</summary>
        public static ReminderStage StageOf(int step) =>
            step < RotationSchedule.RotationDays ? ReminderStage.Reminder
            : step == RotationSchedule.RotationDays ? ReminderStage.RotationDue
            : ReminderStage.RotationOverdue;

        /// <summary>Throws InvalidWindow unless the window is null (every step) or longer than zero.</summary>
        public static void ValidateWindow(TimeSpan? window)
        {
            if (window.HasValue && window.Value <= TimeSpan.Zero)
            {
                throw Fail.InvalidWindow(window.Value);
            }
        }

        private static long NextStep(long step) =>
            step < RotationSchedule.RotationDays ? RotationSchedule.RotationDays : step + RotationSchedule.RotationDays;

        private static DateTimeOffset? WindowStart(DateTimeOffset asOf, TimeSpan? window)
        {
            if (!window.HasValue || window.Value >= asOf - DateTimeOffset.MinValue)
            {
                return null;
            }

            return asOf - window.Value;
        }

        private static int AgeDays(DateTimeOffset createdAt, DateTimeOffset asOf) =>
            Math.Max(0, (int)Math.Floor((asOf - createdAt).TotalDays));

        // The key's maker first: when they are a Super Admin too, the more specific reason is the one a mail should give.
        private static List<(string User, ReminderRecipientReason Reason)> Recipients(string createdBy, List<AdminRole> roles)
        {
            var recipients = new List<(string User, ReminderRecipientReason Reason)>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!string.IsNullOrEmpty(createdBy) && seen.Add(createdBy))
            {
                recipients.Add((createdBy, ReminderRecipientReason.CreatedOrRotatedKey));
            }

            foreach (AdminRole role in roles.Where(r => r.Role == Roles.SuperAdmin))
            {
                if (seen.Add(role.User))
                {
                    recipients.Add((role.User, ReminderRecipientReason.SuperAdmin));
                }
            }

            return recipients;
        }

        private static string EmailOf(string user, List<AdminRole> roles) =>
            roles.FirstOrDefault(r => string.Equals(r.User, user, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(r.Email))?.Email
            ?? string.Empty;
    }
}
