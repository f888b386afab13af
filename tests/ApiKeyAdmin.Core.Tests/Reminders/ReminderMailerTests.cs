using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    public abstract class ReminderMailerTests : ManagerTestBase
    {
        private static readonly TimeSpan Day = TimeSpan.FromDays(1);

        private readonly RecordingTransport transport = new RecordingTransport();

        protected ReminderMailerTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void Each_step_goes_once_to_every_Super_Admin_and_the_maker_at_150_and_180_days_and_180_days_later_across_reruns()
        {
            Manager.Roles.Grant("bob", Roles.SuperAdmin, "bob@example.com");
            IssuedKey key = Store.NewManager(new TestIdentity("bob")).Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.SetEmail(TestStore.Owner, Roles.SuperAdmin, "alice@example.com");

            var sent = new List<(int Day, string Email, int Step)>();
            foreach (int day in new[] { 149, 150, 151, 179, 180, 181, 359, 360, 361 })
            {
                At(key.Key.CreatedAt.AddDays(day).AddHours(1));
                for (int rerun = 0; rerun < 2; rerun++)
                {
                    sent.AddRange(SendAll().Select(m => (day, m.Email, m.Step)));
                }
            }

            Assert.Equal(
                new[]
                {
                    (150, "bob@example.com", 150), (150, "alice@example.com", 150),
                    (180, "bob@example.com", 180), (180, "alice@example.com", 180),
                    (360, "bob@example.com", 360), (360, "alice@example.com", 360),
                },
                sent);
            Assert.Equal(6, Store.Audit().Count(a => a.Action == AuditAction.ReminderSent && a.KeyId == key.Key.KeyId));
            Assert.True(Store.Verify().IsValid);
        }

        [SkippableFact]
        public void A_rerun_with_a_wider_window_sends_only_the_steps_not_yet_sent()
        {
            IssuedKey key = Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.SetEmail(TestStore.Owner, Roles.SuperAdmin, "alice@example.com");
            At(key.Key.CreatedAt.AddDays(150).AddHours(1));
            Assert.Single(SendAll());

            At(key.Key.CreatedAt.AddDays(185));

            Assert.Equal(new[] { 180 }, Manager.ReminderMail.Due(null, TimeSpan.FromDays(60)).Select(m => m.Step));
            Assert.Equal(new[] { 150, 180 }, Manager.Reminders.Get(null, TimeSpan.FromDays(60)).Select(r => r.Step));
        }

        [SkippableFact]
        public void A_revoked_admin_gets_nothing_even_for_a_key_they_made()
        {
            Manager.Roles.Grant("dave", Roles.SuperAdmin, "dave@example.com");
            IssuedKey key = Store.NewManager(new TestIdentity("dave")).Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.Revoke("dave", Roles.SuperAdmin);
            At(key.Key.CreatedAt.AddDays(150).AddHours(1));

            IReadOnlyList<ReminderMail> due = Manager.ReminderMail.Due(null, Day);

            Assert.Equal(new[] { TestStore.Owner }, due.Select(m => m.Recipient));
        }

        [SkippableFact]
        public void A_failed_delivery_is_ReminderNotDelivered_for_that_recipient_only_and_is_not_recorded()
        {
            Manager.Roles.Grant("bob", Roles.SuperAdmin, "bob@example.com");
            IssuedKey key = Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.SetEmail(TestStore.Owner, Roles.SuperAdmin, "alice@example.com");
            At(key.Key.CreatedAt.AddDays(150).AddHours(1));
            transport.Refuse = "alice@example.com";

            var errors = new List<ApiKeyAdminException>();
            foreach (ReminderMail mail in Manager.ReminderMail.Due(null, Day))
            {
                try
                {
                    Manager.ReminderMail.Deliver(mail, transport);
                }
                catch (ApiKeyAdminException ex)
                {
                    errors.Add(ex);
                }
            }

            ApiKeyAdminException error = Assert.Single(errors);
            Assert.Equal(("ReminderNotDelivered", ErrorKind.ResourceUnavailable, (object)TestStore.Owner, false), (error.ErrorId, error.Kind, error.Target, error.StopsCommand));
            Assert.Equal(new[] { "bob@example.com" }, transport.Sent.Select(m => m.Email));
            transport.Refuse = null;
            Assert.Equal(new[] { "alice@example.com" }, SendAll().Select(m => m.Email));
        }

        [SkippableFact]
        public void A_mail_names_the_account_kind_key_age_due_date_and_command_and_never_the_secret()
        {
            IssuedKey key = Manager.Keys.Create("<b>acme</b>", KeyKind.Developer, null);
            Manager.Roles.SetEmail(TestStore.Owner, Roles.SuperAdmin, "alice@example.com");
            At(key.Key.CreatedAt.AddDays(180).AddHours(1));

            ReminderMail mail = Assert.Single(Manager.ReminderMail.Due(null, Day));

            Assert.Equal((ReminderStage.RotationDue, 180, key.Key.MaskedKey), (mail.Stage, mail.AgeDays, mail.MaskedKey));
            Assert.Equal($"Invoke-ApiKeyRotation -KeyId {key.Key.KeyId}", mail.RotateCommand);
            string due = key.Key.CreatedAt.AddDays(180).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
            foreach (string part in new[] { mail.TextBody, mail.HtmlBody })
            {
                Assert.Contains(key.Key.KeyId, part);
                Assert.Contains(key.Key.MaskedKey, part);
                Assert.Contains("Developer", part);
                Assert.Contains("180 days", part);
                Assert.Contains(due, part);
                Assert.Contains(mail.RotateCommand, part);
                Assert.DoesNotContain(key.Secret, part);
            }

            Assert.Contains("<b>acme</b>", mail.TextBody);
            Assert.Contains("&lt;b&gt;acme&lt;/b&gt;", mail.HtmlBody);
            Assert.DoesNotContain("<b>acme", mail.HtmlBody);
            Assert.Contains("<b>acme</b>", mail.Subject);
        }

        [SkippableFact]
        public void A_recipient_without_an_address_is_listed_with_an_empty_one_and_only_a_Super_Admin_may_ask()
        {
            IssuedKey key = Manager.Keys.Create("acme", KeyKind.Standard, null);
            At(key.Key.CreatedAt.AddDays(150).AddHours(1));

            ReminderMail mail = Assert.Single(Manager.ReminderMail.Due(null, Day));

            Assert.Equal((TestStore.Owner, string.Empty), (mail.Recipient, mail.Email));
            Assert.Equal("SuperAdminRequired", Fails(() => Store.NewManager(new TestIdentity("mallory")).ReminderMail.Due(null, Day)).ErrorId);
            Assert.Equal("InvalidWindow", Fails(() => Manager.ReminderMail.Due(null, TimeSpan.Zero)).ErrorId);
        }

        private void At(DateTimeOffset moment) => Clock.Advance(moment - Clock.UtcNow);

        private List<ReminderMail> SendAll()
        {
            var sent = new List<ReminderMail>();
            foreach (ReminderMail mail in Manager.ReminderMail.Due(null, Day))
            {
                Manager.ReminderMail.Deliver(mail, transport);
                sent.Add(mail);
            }

            return sent;
        }

        private sealed class RecordingTransport : IReminderTransport
        {
            public List<ReminderMail> Sent { get; } = new List<ReminderMail>();

            public string Refuse { get; set; }

            public void Send(ReminderMail mail)
            {
                if (mail.Email == Refuse)
                {
                    throw new InvalidOperationException("550 mailbox unavailable");
                }

                Sent.Add(mail);
            }

            public void Dispose()
            {
            }
        }
    }

    public sealed class SqliteReminderMailerTests : ReminderMailerTests
    {
        public SqliteReminderMailerTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlReminderMailerTests : ReminderMailerTests
    {
        public PostgreSqlReminderMailerTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
