using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Mails rotation reminders once: the steps of <see cref="RotationReminders"/> due in a window, less those the store
    /// records as sent to that recipient (audit action ReminderSent), to recipients who hold the Super Admin role now (a
    /// revoked admin, even the key's maker, is not mailed). A step is recorded only after its mail went, so a run that
    /// fails halfway and is rerun mails each step once.
    /// </summary>
    public sealed class ReminderMailer
    {
        private readonly StoreSession session;
        private readonly ReminderReader reader;

        internal ReminderMailer(StoreSession session, ReminderReader reader)
        {
            this.session = session;
            this.reader = reader;
        }

        /// <summary>
        /// The mails still to send as of <paramref name="asOf"/> (default now) for the steps due in (asOf −
        /// <paramref name="window"/>, asOf], or every step due when the window is null; in the order of the reminder rows.
        /// </summary>
        public IReadOnlyList<ReminderMail> Due(DateTimeOffset? asOf, TimeSpan? window)
        {
            List<ReminderMail> due = reader.Read(asOf, window, (admin, keys, rows) =>
            {
                // Integrity-checked role rows: a hand-written role mails no one.
                IReadOnlyList<AdminRole> admins = admin.Roles(Roles.SuperAdmin);
                return rows
                    .Where(r => admins.Any(a => KeyPolicy.SameName(a.User, r.Recipient)))
                    .Select(r => new ReminderMail(r, keys.First(k => k.KeyId == r.KeyId).MaskedKey))
                    .ToList();
            }, new List<ReminderMail>());
            if (due.Count == 0)
            {
                return due;
            }

            var sent = new HashSet<(string KeyId, string Detail)>(SentComparer.Instance);
            foreach (AuditRecord row in session.Store.ReadAudit(new AuditFilter { Actions = new[] { AuditAction.ReminderSent } }, CancellationToken.None))
            {
                sent.Add((row.KeyId, row.Detail));
            }

            return due.Where(m => !sent.Contains((m.KeyId, m.SentDetail))).ToList();
        }

        /// <summary>
        /// Sends <paramref name="mail"/> through <paramref name="transport"/> and records it as sent (ReminderSent).
        /// ReminderNotDelivered, with nothing recorded, when the transport fails; the transport's own errors that stop the
        /// command (MailSecurityUnavailable) pass through.
        /// </summary>
        public void Deliver(ReminderMail mail, IReminderTransport transport)
        {
            if (mail == null)
            {
                throw new ArgumentNullException(nameof(mail));
            }

            if (transport == null)
            {
                throw new ArgumentNullException(nameof(transport));
            }

            try
            {
                transport.Send(mail);
            }
            catch (Exception ex) when (!(ex is ApiKeyAdminException) && !(ex is OperationCanceledException))
            {
                throw Fail.ReminderNotDelivered(mail.Recipient, mail.KeyId, ex);
            }

            session.Write(Operation.OnKey("record a rotation reminder as sent", mail.Account, mail.KeyId), admin =>
            {
                admin.Audit(AuditAction.ReminderSent, mail.Account, mail.KeyId, mail.SentDetail);
                return true;
            });
        }

        // Key ids are exact; user names in the detail compare as user names do, without case.
        private sealed class SentComparer : IEqualityComparer<(string KeyId, string Detail)>
        {
            internal static readonly SentComparer Instance = new SentComparer();

            public bool Equals((string KeyId, string Detail) x, (string KeyId, string Detail) y) =>
                string.Equals(x.KeyId, y.KeyId, StringComparison.Ordinal) && string.Equals(x.Detail, y.Detail, StringComparison.OrdinalIgnoreCase);

            public int GetHashCode((string KeyId, string Detail) obj) =>
                StringComparer.Ordinal.GetHashCode(obj.KeyId ?? string.Empty) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Detail ?? string.Empty);
        }
    }
}
