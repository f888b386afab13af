using System.Net;

namespace ApiKeyAdmin
{
    /// <summary>Where and how the SMTP transport delivers reminder mails.</summary>
    public sealed class SmtpSettings
    {
        /// <summary>Settings for <paramref name="server"/>; a port of 0 means the usual one for <paramref name="security"/>.</summary>
        public SmtpSettings(string server, int port, MailSecurity security, string from, NetworkCredential credential)
        {
            Server = server;
            Port = port != 0 ? port : security == MailSecurity.Tls ? 465 : security == MailSecurity.StartTls ? 587 : 25;
            Security = security;
            From = from;
            Credential = credential;
        }

        /// <summary>The SMTP server's host name or address.</summary>
        public string Server { get; }

        /// <summary>The SMTP server's port.</summary>
        public int Port { get; }

        /// <summary>Plain, STARTTLS or TLS.</summary>
        public MailSecurity Security { get; }

        /// <summary>The sender's address.</summary>
        public string From { get; }

        /// <summary>The login for the server, or null to send without one.</summary>
        public NetworkCredential Credential { get; }
    }
}
