using System;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Delivers reminder mails; the core knows no mail library, so the module hands it one (MailKit over SMTP) and tests
    /// a fake. One transport serves one run and may keep its connection open between mails.
    /// </summary>
    public interface IReminderTransport : IDisposable
    {
        /// <summary>Delivers <paramref name="mail"/> to <see cref="ReminderMail.Email"/>, or throws why it could not.</summary>
        void Send(ReminderMail mail);
    }
}
