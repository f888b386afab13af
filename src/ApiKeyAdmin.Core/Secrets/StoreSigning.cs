using System.Security.Cryptography;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>Where a store's signing key comes from: made with a store (or by its migration), opened by administering hosts.</summary>
    internal static class StoreSigning
    {
        private const int SaltLength = 32;

        /// <summary>Makes the store signed: a new key pair with its private half sealed under <paramref name="keys"/>, and a new fingerprint salt.</summary>
        internal static RowSigner Install(IStoreTransaction tx, ProtectionKeys keys)
        {
            RowSigner signer = RowSigner.Create();
            byte[] salt = new byte[SaltLength];
            using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(salt);
            }

            StoreSettings.WriteSigning(tx, signer.PublicKey, signer.Seal(keys), salt);
            return signer;
        }

        /// <summary>The signer of a signed store, opened with the data-protection key; null on a store not yet signed.</summary>
        internal static RowSigner Open(IStoreTransaction tx, ProtectionKeys keys)
        {
            byte[] publicKey = StoreSettings.ReadSigningKey(tx);
            return publicKey == null ? null : RowSigner.Open(keys, tx.GetSetting(StoreSettings.SealedSigningKey), publicKey);
        }

        /// <summary>What a host without the key file trusts: the store's public key and fingerprint salt; null on a store not yet signed.</summary>
        internal static StoreTrust ReadTrust(IStoreTransaction tx)
        {
            byte[] publicKey = StoreSettings.ReadSigningKey(tx);
            return publicKey == null ? null : StoreTrust.ForPublicKey(publicKey, StoreSettings.ReadFingerprintSalt(tx) ?? throw Fail.SigningKeyInvalid());
        }
    }
}
