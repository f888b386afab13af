using System;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// The keys a store derives from its data-protection key: one to encrypt secrets, one to authenticate the
    /// ciphertexts, one for the audit chain, one for key rows' integrity tags, one for call-log fingerprints.
    /// Deriving them keeps one file to guard while no key serves two purposes.
    /// </summary>
    public sealed class ProtectionKeys
    {
        /// <summary>Derives the purpose keys from a 32-byte data-protection key.</summary>
        public ProtectionKeys(byte[] dataProtectionKey)
        {
            if (dataProtectionKey == null || dataProtectionKey.Length != 32)
            {
                throw new ArgumentException("A data-protection key has 32 bytes.", nameof(dataProtectionKey));
            }

            Encryption = Derive(dataProtectionKey, "apikeyadmin/v1/secret-encryption");
            Authentication = Derive(dataProtectionKey, "apikeyadmin/v1/secret-authentication");
            Audit = Derive(dataProtectionKey, "apikeyadmin/v1/audit-chain");
            KeyRows = Derive(dataProtectionKey, "apikeyadmin/v1/key-rows");
            Fingerprints = Derive(dataProtectionKey, "apikeyadmin/v1/fingerprints");
            Checkpoints = Derive(dataProtectionKey, "apikeyadmin/v1/checkpoints");
            CheckValue = Convert.ToBase64String(Derive(dataProtectionKey, "apikeyadmin/v1/key-check"));
        }

        internal byte[] Encryption { get; }

        internal byte[] Authentication { get; }

        internal byte[] Audit { get; }

        internal byte[] KeyRows { get; }

        internal byte[] Fingerprints { get; }

        internal byte[] Checkpoints { get; }

        /// <summary>What the store keeps to recognise its own key file: a value derived for that purpose alone, which tells nothing of the key.</summary>
        internal string CheckValue { get; }

        private static byte[] Derive(byte[] key, string purpose)
        {
            using (var hmac = new HMACSHA256(key))
            {
                return hmac.ComputeHash(Encoding.ASCII.GetBytes(purpose));
            }
        }
    }
}
