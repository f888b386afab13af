using System;
using System.Globalization;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The one home of the store's setting names and their typed reads and writes, shared by the capabilities and the
    /// verifier: the store id (which names the data-protection key), the reveal policy, the dated sunset settings, and
    /// what lets any host check rows: the public signing key (with its private half sealed under the data-protection
    /// key), the fingerprint salt and the settings' own tag.
    /// </summary>
    internal static class StoreSettings
    {
        internal const string StoreId = "store_id";
        internal const string Reveal = "reveal";
        internal const string NewKeysUntil = "new_keys_until";
        internal const string SunsetAt = "sunset_at";
        internal const string SigningKey = "signing_key";
        internal const string SealedSigningKey = "signing_key_sealed";
        internal const string FingerprintSalt = "fingerprint_salt";
        internal const string SettingsTag = "settings_tag";

        // Not among the signed settings: a hand edit of it can only make the store refuse its own key file, which
        // any hand edit could do anyway, and signing it would make every store signed before it fail its settings tag.
        internal const string KeyCheck = "key_check";

        private const string Format = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

        /// <summary>The store's id, or null before its first write committed.</summary>
        internal static string ReadStoreId(IStoreTransaction tx) => tx.GetSetting(StoreId);

        /// <summary>The settings of a new store: its id and its reveal policy (text as another store kept it, or Allowed).</summary>
        internal static void Initialise(IStoreTransaction tx, string storeId, string reveal)
        {
            tx.SetSetting(StoreId, storeId);
            tx.SetSetting(Reveal, reveal ?? RevealPolicy.Allowed.ToString());
        }

        /// <summary>The public signing key (X then Y), or null on a store not yet signed; a value that is no key is IntegrityCheckFailed.</summary>
        internal static byte[] ReadSigningKey(IStoreTransaction tx) => ReadBytes(tx, SigningKey);

        /// <summary>The salt of unknown keys' fingerprints in the call log.</summary>
        internal static byte[] ReadFingerprintSalt(IStoreTransaction tx) => ReadBytes(tx, FingerprintSalt);

        /// <summary>Makes the store signed: its public key, the private half sealed, a new fingerprint salt.</summary>
        internal static void WriteSigning(IStoreTransaction tx, byte[] publicKey, string sealedKey, byte[] fingerprintSalt)
        {
            tx.SetSetting(SigningKey, Convert.ToBase64String(publicKey));
            tx.SetSetting(SealedSigningKey, sealedKey);
            tx.SetSetting(FingerprintSalt, Convert.ToBase64String(fingerprintSalt));
        }

        /// <summary>The reveal policy as stored, for a copy to carry over unchanged.</summary>
        internal static string ReadRevealText(IStoreTransaction tx) => tx.GetSetting(Reveal);

        /// <summary>False only when the policy says Never; a store without the setting allows reveal.</summary>
        internal static bool RevealAllowed(IStoreTransaction tx) => tx.GetSetting(Reveal) != RevealPolicy.Never.ToString();

        /// <summary>Writes the reveal policy.</summary>
        internal static void WriteReveal(IStoreTransaction tx, RevealPolicy reveal) => tx.SetSetting(Reveal, reveal.ToString());

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

        private static byte[] ReadBytes(IStoreTransaction tx, string name)
        {
            string text = tx.GetSetting(name);
            try
            {
                return text == null ? null : Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw Fail.SigningKeyInvalid();
            }
        }

        /// <summary>How a date appears in audit rows and messages.</summary>
        internal static string Show(DateTimeOffset? value) => value.HasValue ? value.Value.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) : "(none)";
    }
}
