using System;
using System.Globalization;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>The names and text form of the dated settings, shared by the manager and the verifier.</summary>
    internal static class PolicySettings
    {
        internal const string NewKeysUntil = "new_keys_until";
        internal const string SunsetAt = "sunset_at";

        private const string Format = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

        /// <summary>
        /// A dated setting, or null when unset; kept as ISO-8601 UTC text so any store and any reader agree. Text this
        /// module did not write (a hand edit) reads as the earliest date: the policy closes rather than opens, and the
        /// verifier's path gets no exception.
        /// </summary>
        internal static DateTimeOffset? ReadDate(IStoreTransaction tx, string name)
        {
            string text = tx.GetSetting(name);
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            return DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out DateTimeOffset value) ? value : DateTimeOffset.MinValue;
        }

        /// <summary>Writes a dated setting; null clears it (an empty value, since the seam has no delete).</summary>
        internal static void WriteDate(IStoreTransaction tx, string name, DateTimeOffset? value) =>
            tx.SetSetting(name, value.HasValue ? value.Value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture) : string.Empty);

        /// <summary>How a date appears in audit rows and messages.</summary>
        internal static string Show(DateTimeOffset? value) => value.HasValue ? value.Value.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) : "(none)";
    }
}
