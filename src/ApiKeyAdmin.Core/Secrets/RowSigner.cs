using System;
using System.Security.Cryptography;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// The store's signing key: ECDSA P-256 with SHA-256, which netstandard2.0 offers on .NET and on .NET Framework 4.7+
    /// (Windows PowerShell 5.1). Administering hosts sign key rows, role rows and the settings with it; the private half
    /// is kept in the store sealed under the data-protection key, so only a host with the key file can sign, while the
    /// public half lets any host check.
    /// </summary>
    internal sealed class RowSigner : IDisposable
    {
        private const string SealId = "apikeyadmin/v2/signing-key";
        private readonly ECDsa key;

        private RowSigner(ECDsa key, byte[] publicKey)
        {
            this.key = key;
            Trust = StoreTrust.ForPublicKey(publicKey, null);
        }

        /// <summary>The public half, as the store keeps it: X then Y, 32 bytes each.</summary>
        internal byte[] PublicKey => Trust.PublicKey;

        /// <summary>A check of this key's signatures, for the rows this host reads.</summary>
        internal StoreTrust Trust { get; }

        /// <summary>A new random key pair.</summary>
        internal static RowSigner Create()
        {
            ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            ECParameters parameters = key.ExportParameters(false);
            return new RowSigner(key, Concat(parameters.Q.X, parameters.Q.Y));
        }

        /// <summary>
        /// Opens the sealed private half with the data-protection key; IntegrityCheckFailed when it was not sealed under it
        /// or does not match <paramref name="publicKey"/>, the public half the store shows every host.
        /// </summary>
        internal static RowSigner Open(ProtectionKeys keys, string sealedKey, byte[] publicKey)
        {
            string privateText;
            try
            {
                privateText = sealedKey == null ? null : SecretProtector.Unprotect(keys, SealId, Convert.FromBase64String(sealedKey));
            }
            catch (FormatException)
            {
                privateText = null;
            }

            if (privateText == null || publicKey == null || publicKey.Length != 64)
            {
                throw Fail.SigningKeyInvalid();
            }

            var parameters = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = Convert.FromBase64String(privateText),
                Q = StoreTrust.Point(publicKey),
            };
            ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            try
            {
                key.ImportParameters(parameters);
            }
            catch (CryptographicException)
            {
                key.Dispose();
                throw Fail.SigningKeyInvalid();
            }
            finally
            {
                Array.Clear(parameters.D, 0, parameters.D.Length);
            }

            var signer = new RowSigner(key, publicKey);
            // Some platforms import a private half without checking it against the public one: a probe signature settles it.
            byte[] probe = { 0x61, 0x6b, 0x61 };
            if (!signer.Trust.Verifies("probe", probe, signer.Sign("probe", probe)))
            {
                signer.Dispose();
                throw Fail.SigningKeyInvalid();
            }

            return signer;
        }

        /// <summary>The private half sealed under the data-protection key, as base64 for a setting.</summary>
        internal string Seal(ProtectionKeys keys)
        {
            byte[] d = key.ExportParameters(true).D;
            try
            {
                return Convert.ToBase64String(SecretProtector.Protect(keys, SealId, Convert.ToBase64String(d)));
            }
            finally
            {
                Array.Clear(d, 0, d.Length);
            }
        }

        /// <summary>A row's tag: the version byte, then the IEEE P1363 signature (64 bytes) over the purpose and the content.</summary>
        internal byte[] Sign(string purpose, byte[] content)
        {
            byte[] signature = key.SignData(StoreTrust.Signed(purpose, content), HashAlgorithmName.SHA256);
            var tag = new byte[1 + signature.Length];
            tag[0] = StoreTrust.SignatureVersion;
            Buffer.BlockCopy(signature, 0, tag, 1, signature.Length);
            return tag;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            key.Dispose();
            Trust.Dispose();
        }

        private static byte[] Concat(byte[] x, byte[] y)
        {
            var both = new byte[x.Length + y.Length];
            Buffer.BlockCopy(x, 0, both, 0, x.Length);
            Buffer.BlockCopy(y, 0, both, x.Length, y.Length);
            return both;
        }
    }
}
