using System;

namespace ApiKeyAdmin
{
    /// <summary>How many calls one account made in one interval, split by outcome.</summary>
    public sealed class CallVolume
    {
        /// <summary>Creates a count.</summary>
        public CallVolume(DateTimeOffset interval, string account, long allowed, long denied)
        {
            Interval = interval;
            Account = account ?? string.Empty;
            Allowed = allowed;
            Denied = denied;
        }

        /// <summary>The start of the interval (UTC).</summary>
        public DateTimeOffset Interval { get; }

        /// <summary>The account whose keys made the calls; empty for calls with unknown or malformed keys.</summary>
        public string Account { get; }

        /// <summary>Calls whose key verified.</summary>
        public long Allowed { get; }

        /// <summary>Calls whose key was refused.</summary>
        public long Denied { get; }

        /// <summary>All calls: <see cref="Allowed"/> plus <see cref="Denied"/>.</summary>
        public long Total => Allowed + Denied;
    }
}
