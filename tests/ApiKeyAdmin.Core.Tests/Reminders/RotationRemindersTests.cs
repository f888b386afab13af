using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    public abstract class RotationRemindersTests : IDisposable
    {
        private static readonly TimeSpan Day = TimeSpan.FromDays(1);

        private readonly LogTestStore store;

        protected RotationRemindersTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableTheory]
        [InlineData(149, new int[0])]
        [InlineData(150, new[] { 150 })]
        [InlineData(179, new int[0])]
        [InlineData(180, new[] { 180 })]
        [InlineData(359, new int[0])]
        [InlineData(360, new[] { 360 })]
        [InlineData(540, new[] { 540 })]
        public void A_daily_window_holds_each_step_on_its_day_only(int ageDays, int[] steps)
        {
            IssuedKey key = store.CreateKey("acme");
            store.Clock.Advance(TimeSpan.FromDays(ageDays));

            IReadOnlyList<RotationReminder> rows = store.Manager.Reminders.Get(null, RotationReminders.DefaultWindow);

            Assert.Equal(steps, rows.Select(r => r.Step));
            Assert.All(rows, r =>
            {
                Assert.Equal((key.Key.KeyId, "acme", KeyKind.Standard, ageDays), (r.KeyId, r.Account, r.Kind, r.AgeDays));
                Assert.Equal(key.Key.CreatedAt.AddDays(r.Step), r.DueAt);
                Assert.Equal(key.Key.CreatedAt.AddDays(180), r.RotationDueAt);
            });
        }

        [SkippableTheory]
        [InlineData(149, new int[0])]
        [InlineData(150, new[] { 150 })]
        [InlineData(179, new[] { 150 })]
        [InlineData(180, new[] { 150, 180 })]
        [InlineData(359, new[] { 150, 180 })]
        [InlineData(360, new[] { 150, 180, 360 })]
        [InlineData(720, new[] { 150, 180, 360, 540, 720 })]
        public void All_gives_every_step_already_due(int ageDays, int[] steps)
        {
            store.CreateKey("acme");
            store.Clock.Advance(TimeSpan.FromDays(ageDays));

            IReadOnlyList<RotationReminder> rows = store.Manager.Reminders.Get(null, null);

            Assert.Equal(steps, rows.Select(r => r.Step));
        }

        [SkippableTheory]
        [InlineData(150, ReminderStage.Reminder)]
        [InlineData(180, ReminderStage.RotationDue)]
        [InlineData(360, ReminderStage.RotationOverdue)]
        [InlineData(900, ReminderStage.RotationOverdue)]
        public void Each_step_has_its_stage(int step, ReminderStage stage)
        {
            Assert.Equal(stage, RotationReminders.StageOf(step));
        }

        [SkippableFact]
        public void A_step_just_inside_the_window_counts_and_one_just_outside_does_not()
        {
            store.CreateKey("acme");
            DateTimeOffset due = store.Clock.UtcNow.AddDays(180);

            Assert.Single(store.Manager.Reminders.Get(due, Day));
            Assert.Single(store.Manager.Reminders.Get(due + Day - TimeSpan.FromTicks(1), Day));
            Assert.Empty(store.Manager.Reminders.Get(due + Day, Day));
            Assert.Empty(store.Manager.Reminders.Get(due - TimeSpan.FromTicks(1), Day));
            Assert.Equal(new[] { 150, 180 }, store.Manager.Reminders.Get(due + Day, TimeSpan.FromDays(40)).Select(r => r.Step));
        }

        [SkippableFact]
        public void Every_Super_Admin_and_the_keys_maker_are_reminded_once_each_whatever_the_case_of_their_names()
        {
            store.Manager.Roles.Grant("Bob", Roles.SuperAdmin, "bob@example.com");
            store.Manager.Roles.Grant("carol", Roles.SuperAdmin, null);
            IssuedKey key = store.NewManager("BOB").Keys.Create("acme", KeyKind.Standard, null);
            store.Clock.Advance(TimeSpan.FromDays(150));

            IReadOnlyList<RotationReminder> rows = store.Manager.Reminders.Get(null, Day);

            Assert.Equal(
                new[]
                {
                    ("alice", "", ReminderRecipientReason.SuperAdmin),
                    ("BOB", "bob@example.com", ReminderRecipientReason.CreatedOrRotatedKey),
                    ("carol", "", ReminderRecipientReason.SuperAdmin),
                },
                rows.Select(r => (r.Recipient, r.Email, r.RecipientReason)).OrderBy(r => r.Recipient, StringComparer.OrdinalIgnoreCase));
            Assert.Equal("BOB", rows[0].Recipient);
            Assert.All(rows, r => Assert.Equal(key.Key.KeyId, r.KeyId));
        }

        [SkippableFact]
        public void A_key_made_by_rotation_reminds_whoever_rotated_it_on_its_own_clock()
        {
            store.Manager.Roles.Grant("dave", Roles.SuperAdmin, "dave@example.com");
            store.CreateKey("acme");
            store.Clock.Advance(TimeSpan.FromDays(100));
            IssuedKey rotated = store.NewManager("dave").Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(7));
            store.Manager.Roles.Revoke("dave", Roles.SuperAdmin);

            store.Clock.Advance(TimeSpan.FromDays(150));
            IReadOnlyList<RotationReminder> rows = store.Manager.Reminders.Get(null, null);

            Assert.All(rows, r => Assert.Equal((rotated.Key.KeyId, 150), (r.KeyId, r.Step)));
            Assert.Equal(
                new[] { ("dave", "", ReminderRecipientReason.CreatedOrRotatedKey), ("alice", "", ReminderRecipientReason.SuperAdmin) },
                rows.Select(r => (r.Recipient, r.Email, r.RecipientReason)));
        }

        [SkippableFact]
        public void Deactivated_and_expiring_keys_get_no_reminders()
        {
            IssuedKey disabled = store.CreateKey("acme");
            store.Manager.Keys.Disable(null, KeyKind.Standard, disabled.Key.KeyId);
            IssuedKey expiring = store.CreateKey("globex");
            store.Clock.Advance(TimeSpan.FromDays(179));
            IssuedKey successor = store.Manager.Keys.Rotate("globex", KeyKind.Standard, null, TimeSpan.FromDays(7));
            store.Clock.Advance(TimeSpan.FromDays(2));

            IReadOnlyList<RotationReminder> rows = store.Manager.Reminders.Get(null, null);

            Assert.Empty(rows);
            Assert.NotEqual(expiring.Key.KeyId, successor.Key.KeyId);
        }

        [SkippableFact]
        public void Rows_are_ordered_by_due_time_then_account()
        {
            store.CreateKey("zeta");
            store.Clock.Advance(Day);
            store.CreateKey("Alpha");
            store.CreateKey("beta");
            store.Clock.Advance(TimeSpan.FromDays(400));

            IReadOnlyList<RotationReminder> rows = store.Manager.Reminders.Get(null, null);

            Assert.Equal(
                new[] { ("zeta", 150), ("Alpha", 150), ("beta", 150), ("zeta", 180), ("Alpha", 180), ("beta", 180), ("zeta", 360), ("Alpha", 360), ("beta", 360) },
                rows.Select(r => (r.Account, r.Step)));
        }

        [SkippableTheory]
        [InlineData(0)]
        [InlineData(-1)]
        public void A_window_of_zero_or_less_is_InvalidWindow(long ticks)
        {
            store.CreateKey("acme");

            var error = Assert.Throws<ApiKeyAdminException>(() => store.Manager.Reminders.Get(null, TimeSpan.FromTicks(ticks)));

            Assert.Equal(("InvalidWindow", ErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
        }

        [SkippableFact]
        public void Only_a_Super_Admin_may_list_reminders_and_a_missing_store_has_none()
        {
            store.CreateKey("acme");

            var denied = Assert.Throws<PermissionDeniedException>(() => store.NewManager("mallory").Reminders.Get(null, Day));

            Assert.Equal("SuperAdminRequired", denied.ErrorId);
            using (var empty = new LogTestStore(store.Kind))
            {
                Assert.Empty(empty.Manager.Reminders.Get(null, null));
                Assert.False(empty.Made);
            }
        }

        [SkippableFact]
        public void Steps_far_in_the_future_or_the_past_never_overflow()
        {
            var created = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

            IReadOnlyList<int> all = RotationReminders.StepsDue(created, null, DateTimeOffset.MaxValue);
            IReadOnlyList<int> none = RotationReminders.StepsDue(created, null, DateTimeOffset.MinValue);
            IReadOnlyList<int> lastDay = RotationReminders.StepsDue(created, DateTimeOffset.MaxValue - Day, DateTimeOffset.MaxValue);

            Assert.Equal(new[] { 150, 180, 360 }, all.Take(3));
            Assert.True(all.Count > 10_000);
            Assert.Empty(none);
            Assert.True(lastDay.Count <= 1);
            Assert.Empty(RotationReminders.For(Array.Empty<ApiKey>(), null, DateTimeOffset.MaxValue, TimeSpan.MaxValue));
        }
    }

    public sealed class SqliteRotationRemindersTests : RotationRemindersTests
    {
        public SqliteRotationRemindersTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlRotationRemindersTests : RotationRemindersTests
    {
        public PostgreSqlRotationRemindersTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
