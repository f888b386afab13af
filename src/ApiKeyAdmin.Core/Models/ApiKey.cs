using System;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin
{
    /// <summary>
    /// An account's API key as administrators see it. Flat and scalar so that it exports cleanly;
    /// every instance has the same properties, and <see cref="Secret"/> is null unless the key was just made or revealed.
    /// </summary>
    public sealed class ApiKey
    {
        /// <summary>Creates a key view; the store and the manager are the only producers.</summary>
        public ApiKey(
            string account, string keyId, KeyKind kind, KeyStatus status, string description,
            DateTimeOffset createdAt, string createdBy, DateTimeOffset? deactivatedAt, string deactivatedBy,
            DateTimeOffset? expiresAt, DateTimeOffset? lastUsedAt, string maskedKey, DateTimeOffset asOf,
            object secret = null, string appName = null, string scope = null)
        {
            Account = account;
            KeyId = keyId;
            Kind = kind;
            Status = status;
            // Rows are checked over what is stored; what is shown never holds a raw control character.
            Description = SafeText.Escape(description) ?? string.Empty;
            CreatedAt = createdAt;
            CreatedBy = SafeText.Escape(createdBy);
            DeactivatedAt = deactivatedAt;
            DeactivatedBy = SafeText.Escape(deactivatedBy);
            ExpiresAt = expiresAt;
            LastUsedAt = lastUsedAt;
            MaskedKey = maskedKey;
            AsOf = asOf;
            Secret = secret;
            AppName = appName ?? string.Empty;
            Scope = scope ?? string.Empty;
        }

        /// <summary>The account the key belongs to.</summary>
        public string Account { get; }

        /// <summary>The key's public identifier; never the secret.</summary>
        public string KeyId { get; }

        /// <summary>Standard, Developer or AppToken.</summary>
        public KeyKind Kind { get; }

        /// <summary>Active, Expiring or Deactivated, as of <see cref="AsOf"/>.</summary>
        public KeyStatus Status { get; }

        /// <summary>Free text given when the key was made.</summary>
        public string Description { get; }

        /// <summary>When the key was made (UTC).</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>Who made the key, by generating or rotating.</summary>
        public string CreatedBy { get; }

        /// <summary>When the key stopped verifying, if it has.</summary>
        public DateTimeOffset? DeactivatedAt { get; }

        /// <summary>Who deactivated or rotated the key, once it has stopped verifying.</summary>
        public string DeactivatedBy { get; }

        /// <summary>The end of the grace period of a key rotated with one.</summary>
        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>The last time the key verified successfully.</summary>
        public DateTimeOffset? LastUsedAt { get; }

        /// <summary>Whole days since the key was made.</summary>
        public int AgeDays => Math.Max(0, (int)Math.Floor((AsOf - CreatedAt).TotalDays));

        /// <summary>When the key should be rotated: 180 days after it was made.</summary>
        public DateTimeOffset RotationDueAt => CreatedAt.AddDays(RotationSchedule.RotationDays);

        /// <summary>Current, ReminderDue (from day 150) or Overdue (from day 180); Inactive once the key is not Active.</summary>
        public RotationState RotationState => Status == KeyStatus.Active ? RotationSchedule.StateAt(CreatedAt, AsOf) : RotationState.Inactive;

        /// <summary>The key's prefix and its last four characters, safe to show.</summary>
        public string MaskedKey { get; }

        /// <summary>An app token's app name; empty for keys.</summary>
        public string AppName { get; }

        /// <summary>An app token's scopes as one space-separated string, as OAuth writes them; empty for keys.</summary>
        public string Scope { get; }

        /// <summary>The secret: null unless asked for; a SecureString, or a string when asked for plain text.</summary>
        public object Secret { get; }

        /// <summary>The moment the age, status and rotation state were computed for.</summary>
        internal DateTimeOffset AsOf { get; }

        /// <summary>The same key carrying its secret.</summary>
        public ApiKey WithSecret(object secret) => new ApiKey(
            Account, KeyId, Kind, Status, Description, CreatedAt, CreatedBy, DeactivatedAt, DeactivatedBy,
            ExpiresAt, LastUsedAt, MaskedKey, AsOf, secret, AppName, Scope);

        /// <inheritdoc/>
        public override string ToString() => KeyId;
    }
}
