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
        public IReadOnlyList<RotationReminder> Get(DateTimeOffset? asOf, TimeSpan? window) =>
            Read(asOf, window, (admin, keys, rows) => rows, Array.Empty<RotationReminder>());

        /// <summary>
        /// The reminder rows of <see cref="Get"/> handed to <paramref name="map"/> with the transaction and the keys as of
        /// then, read as a Super Admin; <paramref name="none"/> when the store does not exist.
        /// </summary>
        internal T Read<T>(DateTimeOffset? asOf, TimeSpan? window, Func<AdminTransaction, IReadOnlyList<ApiKey>, IReadOnlyList<RotationReminder>, T> map, T none)
        {
            RotationReminders.ValidateWindow(window);
            if (!session.Exists)
            {
                return none;
            }

            return session.Read(Operation.OnStore("read the rotation reminders"), admin =>
            {
                DateTimeOffset at = asOf ?? admin.Now;
                List<ApiKey> keys = admin.Tx.GetKeys(null, null).Select(k => k.ToApiKey(at)).ToList();
                return map(admin, keys, RotationReminders.For(keys, admin.Tx.GetRoles(Roles.SuperAdmin), at, window));
            });
        }
    }
}
