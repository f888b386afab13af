using System;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Logs
{
    public abstract class RotationReminderCommandTests : IDisposable
    {
        private readonly LogSession s;

        protected RotationReminderCommandTests(StoreKind kind)
        {
            s = new LogSession(kind);
            s.Ok(@"
                $null = New-ApiKey -Account acme
                Grant-ApiKeyAdminRole -User bob -Email bob@example.com
                $global:Me = (Get-ApiKeyAdminRole | Where-Object User -ne bob).User");
        }

        public void Dispose() => s.Dispose();

        [SkippableFact]
        public void A_new_key_has_no_reminder_today()
        {
            Assert.Empty(s.Ok("Get-ApiKeyRotationReminder").Output);
            Assert.Empty(s.Ok("Get-ApiKeyRotationReminder -All").Output);
        }

        [SkippableFact]
        public void On_day_180_the_rotation_is_due_for_every_Super_Admin_and_the_keys_maker_once()
        {
            InvocationResult result = s.Ok("Get-ApiKeyRotationReminder -AsOf ([DateTimeOffset]::UtcNow.AddDays(180.5))");
            string me = (string)s.Ok("$Me").Output.Single().BaseObject;

            LogSession.AssertFlat(result, "ApiKeyAdmin.RotationReminder");
            Assert.Equal(
                new[] { (me, "", "CreatedOrRotatedKey"), ("bob", "bob@example.com", "SuperAdmin") },
                result.Output.Select(o => ((string)LogSession.Prop(o, "Recipient"), (string)LogSession.Prop(o, "Email"), LogSession.Prop(o, "RecipientReason").ToString())));
            Assert.All(result.Output, o =>
            {
                Assert.Equal(("acme", 180, "RotationDue", 180), ((string)LogSession.Prop(o, "Account"), (int)LogSession.Prop(o, "Step"), LogSession.Prop(o, "Stage").ToString(), (int)LogSession.Prop(o, "AgeDays")));
                Assert.Equal(LogSession.Prop(o, "RotationDueAt"), LogSession.Prop(o, "DueAt"));
            });
        }

        [SkippableFact]
        public void A_wider_window_catches_a_step_a_missed_run_would_have_mailed()
        {
            Assert.Empty(s.Ok("Get-ApiKeyRotationReminder -AsOf ([DateTimeOffset]::UtcNow.AddDays(181.5))").Output);

            InvocationResult result = s.Ok("Get-ApiKeyRotationReminder -AsOf ([DateTimeOffset]::UtcNow.AddDays(181.5)) -Window 3.00:00:00");

            Assert.Equal(new[] { "180", "180" }, LogSession.Texts(result, "Step"));
        }

        [SkippableFact]
        public void All_lists_every_step_already_due_per_recipient()
        {
            InvocationResult result = s.Ok("Get-ApiKeyRotationReminder -All -AsOf ([DateTimeOffset]::UtcNow.AddDays(400))");

            Assert.Equal(new[] { "150", "150", "180", "180", "360", "360" }, LogSession.Texts(result, "Step"));
            Assert.Equal(new[] { "Reminder", "Reminder", "RotationDue", "RotationDue", "RotationOverdue", "RotationOverdue" }, LogSession.Texts(result, "Stage"));
        }

        [SkippableFact]
        public void A_rotated_key_starts_again_and_the_old_one_is_no_longer_reminded()
        {
            s.Ok("$null = Invoke-ApiKeyRotation -Account acme -Force");

            InvocationResult result = s.Ok("Get-ApiKeyRotationReminder -All -AsOf ([DateTimeOffset]::UtcNow.AddDays(181))");

            string newKey = (string)s.Ok("(Get-ApiKey -Account acme).KeyId").Output.Single().BaseObject;
            Assert.Equal(new[] { "150", "150", "180", "180" }, LogSession.Texts(result, "Step"));
            Assert.All(result.Output, o => Assert.Equal(newKey, LogSession.Prop(o, "KeyId")));
        }

        [SkippableFact]
        public void A_window_of_zero_is_InvalidWindow_and_Window_with_All_is_ambiguous()
        {
            LogSession.AssertError(s.Fails("Get-ApiKeyRotationReminder -Window 0"), "InvalidWindow", ErrorCategory.InvalidArgument);
            Assert.StartsWith("AmbiguousParameterSet,", s.Fails("Get-ApiKeyRotationReminder -All -Window 1.00:00:00").FullyQualifiedErrorId);
        }
    }

    public sealed class SqliteRotationReminderCommandTests : RotationReminderCommandTests
    {
        public SqliteRotationReminderCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlRotationReminderCommandTests : RotationReminderCommandTests
    {
        public PostgreSqlRotationReminderCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
