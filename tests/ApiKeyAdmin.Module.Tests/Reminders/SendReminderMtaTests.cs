using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Reminders
{
    /// <summary>
    /// Send-ApiKeyRotationReminder through the built module against a real MTA (a private postfix on a loopback port,
    /// delivering to Maildirs the test reads); reported skipped with the reason where none can be started.
    /// </summary>
    public sealed class SendReminderMtaTests : CommandTestBase, IDisposable
    {
        private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);
        private readonly PostfixServer mta = new PostfixServer("mine", "bob", "carol", "dave");

        public SendReminderMtaTests()
        {
            Skip.If(mta.SkipReason != null, mta.SkipReason);
        }

        // Re-implements IDisposable, so that xunit stops this test's postfix before the session goes.
        public new void Dispose()
        {
            mta.Dispose();
            base.Dispose();
        }

        [SkippableFact]
        public void The_right_mails_reach_the_right_people_at_150_and_180_days_and_180_days_later_once_each_across_reruns()
        {
            PSObject key = Assert.Single(Ok("New-ApiKey -Account acme -AsPlainText").Output);
            string secret = (string)Prop(key, "Secret");
            string keyId = (string)Prop(key, "KeyId");
            DateTimeOffset created = (DateTimeOffset)Prop(key, "CreatedAt");
            Ok($"Set-ApiKeyAdminRole -User '{Me}' -Email mine@example.com; Grant-ApiKeyAdminRole -User bob -Email bob@example.com; Grant-ApiKeyAdminRole -User carol");
            Ok("Grant-ApiKeyAdminRole -User dave -Email dave@example.com; Revoke-ApiKeyAdminRole -User dave -Force");

            foreach ((int day, int mails) in new[] { (150, 1), (180, 2), (360, 3) })
            {
                for (int rerun = 0; rerun < 2; rerun++)
                {
                    InvocationResult run = Send(created.AddDays(day).AddHours(1));
                    Assert.False(run.HadErrors, run.ToString());
                    Assert.Equal(rerun == 0 ? new[] { "mine@example.com", "bob@example.com" }.OrderBy(e => e) : Enumerable.Empty<string>(),
                        run.Output.Select(m => (string)Prop(m, "Email")).OrderBy(e => e));
                    // carol has no address: a warning that says how to give her one.
                    Assert.Contains(run.Warnings, w => w.Message.Contains("Set-ApiKeyAdminRole -User 'carol' -Email", StringComparison.Ordinal));
                }

                Assert.Equal(mails, mta.WaitForMail("mine", mails, MailWait).Count);
                Assert.Equal(mails, mta.WaitForMail("bob", mails, MailWait).Count);
            }

            Assert.Empty(mta.Mailbox("dave"));
            Assert.Equal(6, Ok("Get-ApiKeyAuditLog -Action ReminderSent").Output.Count);
            string first = mta.Mailbox("bob")[0];
            Assert.Contains("multipart/alternative", first);
            Assert.Contains("text/plain", first);
            Assert.Contains("text/html", first);
            Assert.Contains("Subject: API key rotation due soon: acme (Standard, key " + keyId + ")", first);
            Assert.Contains("Invoke-ApiKeyRotation -KeyId " + keyId, first);
            Assert.Contains((string)Prop(key, "MaskedKey"), first);
            Assert.All(new[] { "mine", "bob" }.SelectMany(mta.Mailbox), mail => Assert.DoesNotContain(secret, mail));
        }

        [SkippableFact]
        public void WhatIf_sends_and_records_nothing_and_TLS_asked_for_and_not_offered_is_refused()
        {
            PSObject key = Assert.Single(Ok("New-ApiKey -Account acme").Output);
            DateTimeOffset at = ((DateTimeOffset)Prop(key, "CreatedAt")).AddDays(150).AddHours(1);
            Ok($"Set-ApiKeyAdminRole -User '{Me}' -Email mine@example.com");

            Assert.Empty(Send(at, "-WhatIf").Output);
            ErrorRecord refused = Fails(SendScript("-Security StartTls"), Args(at));
            ErrorRecord refusedTls = Fails(SendScript("-Security Tls"), Args(at));

            Assert.StartsWith("MailSecurityUnavailable,", refused.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, refused.CategoryInfo.Category);
            Assert.StartsWith("MailSecurityUnavailable,", refusedTls.FullyQualifiedErrorId);
            Assert.Empty(Ok("Get-ApiKeyAuditLog -Action ReminderSent").Output);
            Assert.Single(Send(at).Output);
            Assert.Single(mta.WaitForMail("mine", 1, MailWait));
        }

        [SkippableFact]
        public void A_failed_delivery_is_an_error_for_that_recipient_alone_and_the_next_run_retries_it()
        {
            PSObject key = Assert.Single(Ok("New-ApiKey -Account acme").Output);
            DateTimeOffset at = ((DateTimeOffset)Prop(key, "CreatedAt")).AddDays(150).AddHours(1);
            Ok($"Set-ApiKeyAdminRole -User '{Me}' -Email mine@example.com; Grant-ApiKeyAdminRole -User erin -Email erin@elsewhere.test");
            Ok("New-ApiKey -Account beta");
            CoreSeams.Define(Session);
            // erin makes a key too: her refused mails come between the owner's, which must all still go.
            Assert.False(CoreSeams.AsUser(Session, "erin", "$m.Keys.Create('gamma', 'Standard', $null) | Out-Null").HadErrors);

            InvocationResult run = Send(at);

            Assert.Equal(new[] { "erin", "erin", "erin" }, run.Errors.Select(e => (string)e.TargetObject));
            Assert.All(run.Errors, e => Assert.StartsWith("ReminderNotDelivered,", e.FullyQualifiedErrorId));
            Assert.Equal(new[] { "acme", "beta", "gamma" }, run.Output.Where(m => (string)Prop(m, "Email") == "mine@example.com").Select(m => (string)Prop(m, "Account")).OrderBy(a => a));
            Assert.Equal(3, mta.WaitForMail("mine", 3, MailWait).Count);
            Assert.Equal(3, Send(at).Errors.Count);
        }

        private InvocationResult Send(DateTimeOffset asOf, string extra = "-Security None") => Session.Invoke(SendScript(extra), Args(asOf));

        private string SendScript(string extra) =>
            $"param($AsOf) Send-ApiKeyRotationReminder -SmtpServer 127.0.0.1 -Port {mta.Port} -From apikeys@example.com -AsOf $AsOf {(extra.Contains("-Security") ? extra : "-Security None " + extra)}";

        private static Hashtable Args(DateTimeOffset asOf) => new Hashtable { ["AsOf"] = asOf };
    }
}
