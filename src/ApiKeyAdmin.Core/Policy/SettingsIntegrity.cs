using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The settings' integrity tag: one setting row holding a snapshot of every setting the module reads, signed by the
    /// store's signing key. One tag over all of them also catches a setting deleted by hand (say the sunset date, to
    /// bring standard keys back), and the snapshot names which setting was edited. A setting edited by hand is
    /// IntegrityCheckFailed where it is used, except by a command that writes that very setting anew (the repair);
    /// Test-ApiKeyAuditLog reports it.
    /// </summary>
    internal static class SettingsIntegrity
    {
        private const string Purpose = "settings";

        // A setting added to the module is added here, so that it is signed with the others.
        private static readonly string[] Signed =
        {
            StoreSettings.StoreId, StoreSettings.Reveal, StoreSettings.NewKeysUntil, StoreSettings.SunsetAt,
            StoreSettings.SigningKey, StoreSettings.SealedSigningKey, StoreSettings.FingerprintSalt,
        };

        /// <summary>Signs the settings as they stand in <paramref name="tx"/>; every write of a setting is followed by this.</summary>
        internal static void Seal(IStoreTransaction tx, RowSigner signer)
        {
            string snapshot = Snapshot(tx);
            tx.SetSetting(StoreSettings.SettingsTag, snapshot + "\n" + Convert.ToBase64String(signer.Sign(Purpose, Encoding.UTF8.GetBytes(snapshot))));
        }

        /// <summary>
        /// The settings that differ from what ApiKeyAdmin signed; the tag's own name when the tag itself was edited or
        /// removed. Empty when intact, and always on a store not yet signed.
        /// </summary>
        internal static IReadOnlyList<string> Edited(IStoreTransaction tx, StoreTrust trust)
        {
            if (!trust.IsSigned)
            {
                return Array.Empty<string>();
            }

            string tag = tx.GetSetting(StoreSettings.SettingsTag) ?? string.Empty;
            int split = tag.LastIndexOf('\n');
            byte[] signature;
            try
            {
                signature = split < 0 ? null : Convert.FromBase64String(tag.Substring(split + 1));
            }
            catch (FormatException)
            {
                signature = null;
            }

            string signedSnapshot = split < 0 ? null : tag.Substring(0, split);
            if (signature == null || !trust.Verifies(Purpose, Encoding.UTF8.GetBytes(signedSnapshot), signature))
            {
                return new[] { StoreSettings.SettingsTag };
            }

            string[] signedLines = signedSnapshot.Split('\n');
            return Signed.Where((name, i) => i >= signedLines.Length || signedLines[i] != Line(name, tx.GetSetting(name))).ToList();
        }

        /// <summary>True when the settings are as ApiKeyAdmin signed them.</summary>
        internal static bool IsIntact(IStoreTransaction tx, StoreTrust trust) => Edited(tx, trust).Count == 0;

        /// <summary>IntegrityCheckFailed unless every setting is as signed, or is among <paramref name="rewritten"/>, which the command writes anew.</summary>
        internal static void Require(IStoreTransaction tx, StoreTrust trust, string location, IReadOnlyCollection<string> rewritten)
        {
            if (Edited(tx, trust).Any(name => !rewritten.Contains(name)))
            {
                throw Fail.SettingsIntegrityFailed(location);
            }
        }

        private static string Snapshot(IStoreTransaction tx) => string.Join("\n", Signed.Select(name => Line(name, tx.GetSetting(name))));

        // A missing setting and an empty one (a cleared date) are told apart; base64 keeps any value on one line.
        private static string Line(string name, string value) =>
            name + (value == null ? "-" : "=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)));
    }
}
