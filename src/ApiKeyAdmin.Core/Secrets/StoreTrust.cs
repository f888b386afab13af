using System;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// What a host checks the store's rows with, and keys unknown keys' fingerprints with. On a signed store: the public
    /// signing key and the store's fingerprint salt, both read from the store, neither of which reveals a secret or
    /// makes a tag. On a store not yet signed (made by an earlier version): the key-row HMAC and fingerprint keys derived
    /// from the data-protection key, as before.
    /// </summary>
    internal sealed class StoreTrust : IDisposable
    {
        /// <summary>The first byte of a signature tag; a legacy HMAC tag has 32 bytes and no version.</summary>
        internal const byte SignatureVersion = 2;

        /// <summary>The purpose of a key row's tag, the one kind of row that also carries legacy HMAC tags.</summary>
        internal const string KeyRowPurpose = "key-row";

        private const int SignatureLength = 64;
        private readonly ECDsa publicKey;
        private readonly ProtectionKeys legacy;

        private StoreTrust(ECDsa publicKey, byte[] publicBytes, ProtectionKeys legacy, byte[] fingerprintKey)
        {
            this.publicKey = publicKey;
            PublicKey = publicBytes;
            this.legacy = legacy;
            FingerprintKey = fingerprintKey;
        }

        /// <summary>True when rows are checked by signature; false on a store not yet signed.</summary>
        internal bool IsSigned => publicKey != null;

        /// <summary>The public signing key (X then Y), or null on a store not yet signed.</summary>
        internal byte[] PublicKey { get; }

        /// <summary>The key of the call log's fingerprints of unknown keys.</summary>
        internal byte[] FingerprintKey { get; }

        /// <summary>Checks signatures with a public key (64 bytes, X then Y); false for anything else.</summary>
        internal static StoreTrust ForPublicKey(byte[] publicKey, byte[] fingerprintKey)
        {
            if (publicKey == null || publicKey.Length != 64)
            {
                throw Fail.SigningKeyInvalid();
            }

            ECDsa key = ECDsa.Create();
            try
            {
                key.ImportParameters(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = Point(publicKey),
                });
            }
            catch (CryptographicException)
            {
                key.Dispose();
                throw Fail.SigningKeyInvalid();
            }

            return new StoreTrust(key, publicKey, null, fingerprintKey);
        }

        /// <summary>A store not yet signed: key rows carry HMAC tags under the data-protection key.</summary>
        internal static StoreTrust Legacy(ProtectionKeys keys) => new StoreTrust(null, null, keys, keys.Fingerprints);

        /// <summary>The bytes a signature covers: the purpose, so that a tag of one kind of row is no tag of another, then the content.</summary>
        internal static byte[] Signed(string purpose, byte[] content)
        {
            byte[] prefix = Encoding.ASCII.GetBytes("apikeyadmin/v2/" + purpose + "\0");
            var signed = new byte[prefix.Length + content.Length];
            Buffer.BlockCopy(prefix, 0, signed, 0, prefix.Length);
            Buffer.BlockCopy(content, 0, signed, prefix.Length, content.Length);
            return signed;
        }

        /// <summary>True when <paramref name="tag"/> has the shape of a signature tag (a legacy HMAC tag has 32 bytes).</summary>
        internal static bool IsSignature(byte[] tag) => tag != null && tag.Length == 1 + SignatureLength && tag[0] == SignatureVersion;

        /// <summary>
        /// True when <paramref name="tag"/> is ApiKeyAdmin's tag over the content. On a signed store only a signature
        /// counts, so a legacy HMAC tag made with a key file handed out earlier is no longer accepted.
        /// </summary>
        internal bool Verifies(string purpose, byte[] content, byte[] tag)
        {
            if (tag == null)
            {
                return false;
            }

            if (publicKey == null)
            {
                if (purpose != KeyRowPurpose)
                {
                    return false;
                }

                using (var hmac = new HMACSHA256(legacy.KeyRows))
                {
                    return SecretHash.FixedTimeEquals(hmac.ComputeHash(content), tag);
                }
            }

            if (!IsSignature(tag))
            {
                return false;
            }

            var signature = new byte[SignatureLength];
            Buffer.BlockCopy(tag, 1, signature, 0, SignatureLength);
            return publicKey.VerifyData(Signed(purpose, content), signature, HashAlgorithmName.SHA256);
        }

        /// <summary>True when both check with the same public key and fingerprint key.</summary>
        internal bool Same(StoreTrust other) =>
            IsSigned && other.IsSigned && SecretHash.FixedTimeEquals(PublicKey, other.PublicKey) && SecretHash.FixedTimeEquals(FingerprintKey, other.FingerprintKey);

        /// <inheritdoc/>
        public void Dispose() => publicKey?.Dispose();

        /// <summary>The curve point of a public key kept as X then Y.</summary>
        internal static ECPoint Point(byte[] publicKey) => new ECPoint { X = Part(publicKey, 0), Y = Part(publicKey, 32) };

        private static byte[] Part(byte[] bytes, int offset)
        {
            var part = new byte[32];
            Buffer.BlockCopy(bytes, offset, part, 0, 32);
            return part;
        }
    }
}
