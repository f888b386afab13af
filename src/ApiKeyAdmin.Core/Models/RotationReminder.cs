using System;

namespace ApiKeyAdmin
{
    /// <summary>One step of a key's rotation schedule, addressed to one recipient: what a runbook mails.</summary>
    public sealed class RotationReminder
    {
        /// <summary>Creates a reminder row.</summary>
        public RotationReminder(
            string account, string keyId, KeyKind kind, int ageDays, int step, ReminderStage stage, DateTimeOffset dueAt,
            DateTimeOffset rotationDueAt, string recipient, string email, ReminderRecipientReason recipientReason)
        {
            Account = account;
            KeyId = keyId;
            Kind = kind;
            AgeDays = ageDays;
            Step = step;
            Stage = stage;
            DueAt = dueAt;
            RotationDueAt = rotationDueAt;
            Recipient = recipient;
            Email = email ?? string.Empty;
            RecipientReason = recipientReason;
        }

        /// <summary>The key's account.</summary>
        public string Account { get; }

        /// <summary>The key's id.</summary>
        public string KeyId { get; }

        /// <summary>The key's kind.</summary>
        public KeyKind Kind { get; }

        /// <summary>Whole days since the key was made, as of the moment asked about.</summary>
        public int AgeDays { get; }

        /// <summary>The key's age in days at which this step falls due: 150, 180, 360, 540, …</summary>
        public int Step { get; }

        /// <summary>Reminder (day 150), RotationDue (day 180) or RotationOverdue (later steps).</summary>
        public ReminderStage Stage { get; }

        /// <summary>When this step fell due (UTC).</summary>
        public DateTimeOffset DueAt { get; }

        /// <summary>When the key should be rotated: 180 days after it was made (UTC).</summary>
        public DateTimeOffset RotationDueAt { get; }

        /// <summary>The user to remind.</summary>
        public string Recipient { get; }

        /// <summary>The recipient's e-mail address from their role; empty when unknown.</summary>
        public string Email { get; }

        /// <summary>Why the recipient is reminded.</summary>
        public ReminderRecipientReason RecipientReason { get; }
    }
}
