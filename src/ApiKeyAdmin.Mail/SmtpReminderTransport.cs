using System;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ApiKeyAdmin.Mail
{
    /// <summary>
    /// Delivers reminder mails over SMTP with MailKit, one connection for the whole run (opened at the first mail, opened
    /// again after a failure), each mail with a text and an HTML part. TLS asked for and not set up stops the run:
    /// nothing is ever sent in the clear instead.
    /// </summary>
    public sealed class SmtpReminderTransport : IReminderTransport
    {
        private readonly SmtpSettings settings;
        private SmtpClient client;

        /// <summary>A transport to the server <paramref name="settings"/> names; nothing is opened yet.</summary>
        public SmtpReminderTransport(SmtpSettings settings)
        {
            this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        }

        /// <inheritdoc/>
        public void Send(ReminderMail mail)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(settings.From));
            message.To.Add(new MailboxAddress(mail.Recipient, mail.Email));
            message.Subject = mail.Subject;
            message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();
            SmtpClient connected = Connected();
            try
            {
                connected.Send(message);
            }
            catch
            {
                // A refused recipient can leave the session mid-transaction: the next mail starts on a new connection.
                Dispose();
                throw;
            }
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            if (client != null && client.IsConnected)
            {
                try
                {
                    client.Disconnect(quit: true);
                }
                catch (Exception ex) when (ex is ServiceNotConnectedException || ex is System.IO.IOException || ex is ProtocolException)
                {
                    // Every mail has gone or failed already; a QUIT that goes wrong changes nothing.
                }
            }

            client?.Dispose();
            client = null;
        }

        private SmtpClient Connected()
        {
            if (client != null && client.IsConnected)
            {
                return client;
            }

            client?.Dispose();
            client = new SmtpClient();
            try
            {
                client.Connect(settings.Server, settings.Port, Options(settings.Security));
            }
            catch (Exception ex) when (settings.Security != MailSecurity.None && (ex is NotSupportedException || ex is SslHandshakeException))
            {
                // MailKit says NotSupported when the server offers no STARTTLS, SslHandshake when TLS cannot be set up.
                throw Fail.MailSecurityUnavailable(settings.Server, settings.Security, ex);
            }

            if (settings.Credential != null)
            {
                client.Authenticate(settings.Credential);
            }

            return client;
        }

        private static SecureSocketOptions Options(MailSecurity security)
        {
            switch (security)
            {
                case MailSecurity.StartTls:
                    return SecureSocketOptions.StartTls;
                case MailSecurity.Tls:
                    return SecureSocketOptions.SslOnConnect;
                default:
                    return SecureSocketOptions.None;
            }
        }
    }
}
