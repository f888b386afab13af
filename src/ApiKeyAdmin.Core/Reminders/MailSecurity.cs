namespace ApiKeyAdmin
{
    /// <summary>How a reminder mail reaches the SMTP server.</summary>
    public enum MailSecurity
    {
        /// <summary>Plain SMTP, for a relay on the same host or network.</summary>
        None,

        /// <summary>Plain SMTP upgraded with STARTTLS, which the server must offer (port 587 by default).</summary>
        StartTls,

        /// <summary>TLS from the first byte (port 465 by default).</summary>
        Tls,
    }
}
