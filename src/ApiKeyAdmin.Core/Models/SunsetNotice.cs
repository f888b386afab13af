using System;

namespace ApiKeyAdmin
{
    /// <summary>What the banner of key listings says while a sunset is set.</summary>
    public sealed class SunsetNotice
    {
        /// <summary>Creates a notice.</summary>
        public SunsetNotice(DateTimeOffset sunsetAt, DateTimeOffset asOf, int accountsCalling)
        {
            SunsetAt = sunsetAt;
            AsOf = asOf;
            AccountsCalling = accountsCalling;
        }

        /// <summary>When standard keys stop, or stopped, verifying (UTC).</summary>
        public DateTimeOffset SunsetAt { get; }

        /// <summary>The moment the notice was made for.</summary>
        public DateTimeOffset AsOf { get; }

        /// <summary>How many accounts called with a standard key in the past 7 days.</summary>
        public int AccountsCalling { get; }

        /// <inheritdoc/>
        public override string ToString()
        {
            string when = AsOf < SunsetAt ? $"stop verifying at {StoreSettings.Show(SunsetAt)}" : $"stopped verifying at {StoreSettings.Show(SunsetAt)}";
            return $"Standard API keys {when}; {AccountsCalling} account(s) called with a standard key in the past 7 days. " +
                "Move them to app tokens (New-ApiKey -Kind AppToken -AppName <app> -Scope <scopes>); Get-ApiKeyMigrationReport shows who is left.";
        }
    }
}
