using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Send-ApiKeyRotationReminder: mails the rotation reminders due in the last day (or -Window) over SMTP, one mail per
    /// recipient and due step, each step once: a step mailed to a recipient is recorded (ReminderSent) and a rerun skips
    /// it. A recipient without an address is a warning; a failed delivery an error for that recipient alone.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "ApiKeyRotationReminder", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ReminderMail))]
    public sealed class SendApiKeyRotationReminderCommand : ApiKeyCmdletBase
    {
        /// <summary>The SMTP server's host name or address.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string SmtpServer { get; set; }

        /// <summary>The SMTP server's port; 587 for StartTls, 465 for Tls, 25 for None by default.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>The sender's address; apikeyadmin@ this host's name by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string From { get; set; } = "apikeyadmin@" + Dns.GetHostName();

        /// <summary>The login for the SMTP server, for example from Get-Secret; none by default.</summary>
        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        /// <summary>StartTls (the default), Tls from the first byte, or None for a plain relay; TLS asked for and not set up sends nothing.</summary>
        [Parameter]
        public MailSecurity Security { get; set; } = MailSecurity.StartTls;

        /// <summary>The moment to look from; now by default.</summary>
        [Parameter]
        public DateTimeOffset AsOf { get; set; }

        /// <summary>How far back from -AsOf a step's due time may lie; one day by default, to match a daily runbook.</summary>
        [Parameter]
        public TimeSpan Window { get; set; } = RotationReminders.DefaultWindow;

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                KeyPolicy.ValidateEmail(From);
            }
            catch (ApiKeyAdminException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            DateTimeOffset? asOf = IsBound(nameof(AsOf)) ? AsOf : (DateTimeOffset?)null;
            IReadOnlyList<ReminderMail> due = Array.Empty<ReminderMail>();
            Run(() => due = Manager.ReminderMail.Due(asOf, Window));
            IReminderTransport transport = null;
            try
            {
                foreach (ReminderMail mail in due)
                {
                    if (Cancellation.IsCancellationRequested)
                    {
                        break;
                    }

                    if (mail.Email.Length == 0)
                    {
                        WriteWarning($"'{mail.Recipient}' has no e-mail address, so the reminder for key {mail.KeyId} ({mail.Account}, step {mail.Step}) was not sent. " +
                            $"Set one with Set-ApiKeyAdminRole -User '{mail.Recipient.Replace("'", "''")}' -Email <address>; the next run sends it.");
                        continue;
                    }

                    if (!ShouldProcess($"{mail.Recipient} <{mail.Email}>", $"Mail '{mail.Subject}'"))
                    {
                        continue;
                    }

                    Run(() =>
                    {
                        Manager.ReminderMail.Deliver(mail, transport ?? (transport = MailTransportLoader.Create(Settings())));
                        WriteObject(mail);
                    });
                }
            }
            finally
            {
                transport?.Dispose();
            }
        }

        private SmtpSettings Settings() =>
            new SmtpSettings(SmtpServer, Port, Security, From, Credential?.GetNetworkCredential());
    }
}
