using System;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>Times are stored as integer milliseconds since the Unix epoch (UTC): compact, ordered and index-friendly.</summary>
    internal static class UnixTime
    {
        internal static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

        internal static object ToMs(DateTimeOffset? time) => time.HasValue ? (object)time.Value.ToUnixTimeMilliseconds() : DBNull.Value;

        internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
