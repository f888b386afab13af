using System;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>Times are stored as bigint milliseconds since the Unix epoch (UTC), as in the SQLite store.</summary>
    internal static class UnixTime
    {
        internal const long MsPerDay = 86_400_000;

        internal static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

        internal static object ToMs(DateTimeOffset? time) => time.HasValue ? (object)time.Value.ToUnixTimeMilliseconds() : DBNull.Value;

        internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
