using System;

namespace ApiKeyAdmin
{
    /// <summary>One account's progress from its standard key to app tokens; flat, for Export-Csv.</summary>
    public sealed class MigrationReportRow
    {
        /// <summary>Creates a row.</summary>
        public MigrationReportRow(string account, string keyId, DateTimeOffset? lastUsedAt, long callsLast7Days, int appTokens, int? daysUntilSunset)
        {
            Account = account;
            KeyId = keyId;
            LastUsedAt = lastUsedAt;
            CallsLast7Days = callsLast7Days;
            AppTokens = appTokens;
            DaysUntilSunset = daysUntilSunset;
        }

        /// <summary>The account that holds a standard key.</summary>
        public string Account { get; }

        /// <summary>Its standard key that verifies (the Active one, else the Expiring one).</summary>
        public string KeyId { get; }

        /// <summary>The last time any of its standard keys verified.</summary>
        public DateTimeOffset? LastUsedAt { get; }

        /// <summary>Calls made with its standard keys in the past 7 days, allowed or denied.</summary>
        public long CallsLast7Days { get; }

        /// <summary>How many active app tokens the account has.</summary>
        public int AppTokens { get; }

        /// <summary>Whole days until the sunset; negative after it, null when no sunset is set.</summary>
        public int? DaysUntilSunset { get; }

        /// <summary>True when the account made no standard-key call in the past 7 days and has an app token.</summary>
        public bool Ready => CallsLast7Days == 0 && AppTokens > 0;
    }
}
