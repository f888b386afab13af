using System;
using System.Collections.Generic;
using System.Linq;

namespace ApiKeyAdmin
{
    /// <summary>The rotation reminders due for the store's active keys, by the schedule of <see cref="RotationReminders"/>.</summary>
    public sealed class ReminderReader
    {
        private readonly StoreSession session;

        internal ReminderReader(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>
        /// The rotation reminders of the active keys as of <paramref name="asOf"/> (default now): the steps due in
        /// (asOf − <paramref name="window"/>, asOf], or every step due by then when the window is null.
        /// </summary>
        public IReadOnlyList<RotationReminder> Get(DateTimeOffset? asOf, TimeSpan? window)
        {
            RotationReminders.ValidateWindow(window);
            if (!session.Exists)
            {
                return Array.Empty<RotationReminder>();
            }

            return session.Read(Operation.OnStore("read the rotation reminders"), admin =>
            {
                DateTimeOffset at = asOf ?? admin.Now;
                List<ApiKey> keys = admin.Tx.GetKeys(null, null).Select(k => k.ToApiKey(at)).ToList();
                return RotationReminders.For(keys, admin.Tx.GetRoles(Roles.SuperAdmin), at, window);
            });
        }
    }
}
