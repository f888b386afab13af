using System;

namespace ApiKeyAdmin
{
    /// <summary>One rotation reminder step for one recipient, as the mail that tells them: never a secret, only the masked key.</summary>
    public sealed class ReminderMail
    {
        /// <summary>The mail for <paramref name="reminder"/> about the key shown as <paramref name="maskedKey"/>.</summary>
        public ReminderMail(RotationReminder reminder, string maskedKey)
        {
            if (reminder == null)
            {
                throw new ArgumentNullException(nameof(reminder));
            }

            Account = reminder.Account;
            KeyId = reminder.KeyId;
            Kind = reminder.Kind;
            MaskedKey = maskedKey ?? string.Empty;
            AgeDays = reminder.AgeDays;
            Step = reminder.Step;
            Stage = reminder.Stage;
            DueAt = reminder.DueAt;
            RotationDueAt = reminder.RotationDueAt;
            Recipient = reminder.Recipient;
            Email = reminder.Email;
            RotateCommand = $"Invoke-ApiKeyRotation -KeyId {KeyId}";
            Subject = ReminderMailText.Subject(this);
            TextBody = ReminderMailText.Text(this);
            HtmlBody = ReminderMailText.Html(this);
        }

        /// <summary>The key's account.</summary>
        public string Account { get; }

        /// <summary>The key's id.</summary>
        public string KeyId { get; }

        /// <summary>The key's kind.</summary>
        public KeyKind Kind { get; }

        /// <summary>The key as it may be shown: its prefix and last characters.</summary>
        public string MaskedKey { get; }

        /// <summary>Whole days since the key was made, as of the moment asked about.</summary>
        public int AgeDays { get; }

        /// <summary>The key's age in days at which this step falls due: 150, 180, 360, …</summary>
        public int Step { get; }

        /// <summary>Reminder, RotationDue or RotationOverdue.</summary>
        public ReminderStage Stage { get; }

        /// <summary>When this step fell due (UTC).</summary>
        public DateTimeOffset DueAt { get; }

        /// <summary>When the key should be rotated (UTC).</summary>
        public DateTimeOffset RotationDueAt { get; }

        /// <summary>The user reminded.</summary>
        public string Recipient { get; }

        /// <summary>The recipient's address from their role; empty when they have none, and then nothing can be sent.</summary>
        public string Email { get; }

        /// <summary>The command that rotates the key.</summary>
        public string RotateCommand { get; }

        /// <summary>The mail's subject line.</summary>
        public string Subject { get; }

        /// <summary>The mail's plain-text part.</summary>
        public string TextBody { get; }

        /// <summary>The mail's HTML part.</summary>
        public string HtmlBody { get; }

        /// <summary>The audit detail that records this step as sent to this recipient, and by which a rerun knows it was.</summary>
        internal string SentDetail => $"Step {Step} ({Stage}) mailed to {Recipient}";
    }
}
