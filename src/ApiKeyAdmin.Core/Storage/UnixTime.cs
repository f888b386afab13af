using System;

namespace ApiKeyAdmin.Storage
{
    /// <summary>Times are stored as integer milliseconds since the Unix epoch (UTC): compact, ordered and index-friendly.</summary>
    internal static class UnixTime
    {
        internal const long MsPerDay = 86_400_000;

        private static readonly long MinMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
        private static readonly long MaxMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

        internal static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

        internal static object ToMs(DateTimeOffset? time) => time.HasValue ? (object)time.Value.ToUnixTimeMilliseconds() : DBNull.Value;

        /// <summary>
        /// The time of a stored value; one out of DateTimeOffset's range (only a hand edit writes one) reads as its nearest
        /// end, so the row still reads and then fails its tag instead of failing the read.
        /// </summary>
        internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(Math.Max(ms, MinMs), MaxMs));
    }
}
