using System;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// The encrypted copy that lets a Super Admin show a key again: AES-256-CBC, then HMAC-SHA-256 over the version,
    /// the IV, the ciphertext and the key id (encrypt-then-MAC; netstandard2.0 has no AES-GCM). Binding the key id
    /// stops a copy from being moved onto another key's row.
    /// </summary>
    internal static class SecretProtector
    {
        private const byte Version = 1;
        private const int IvLength = 16;
        private const int TagLength = 32;

        internal static byte[] Protect(ProtectionKeys keys, string keyId, string secret)
        {
            byte[] iv = new byte[IvLength];
            using (RandomNumberGenerator rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(iv);
            }

            byte[] cipher;
            using (Aes aes = NewAes(keys))
            using (ICryptoTransform encryptor = aes.CreateEncryptor(aes.Key, iv))
            {
                byte[] plain = Encoding.ASCII.GetBytes(secret);
                cipher = encryptor.TransformFinalBlock(plain, 0, plain.Length);
                Array.Clear(plain, 0, plain.Length);
            }

            byte[] blob = new byte[1 + IvLength + cipher.Length + TagLength];
            blob[0] = Version;
            Buffer.BlockCopy(iv, 0, blob, 1, IvLength);
            Buffer.BlockCopy(cipher, 0, blob, 1 + IvLength, cipher.Length);
            byte[] tag = Tag(keys, keyId, blob, blob.Length - TagLength);
            Buffer.BlockCopy(tag, 0, blob, blob.Length - TagLength, TagLength);
            return blob;
        }

        /// <summary>The secret, or null when the blob was altered, moved to another key or made under another key.</summary>
        internal static string Unprotect(ProtectionKeys keys, string keyId, byte[] blob)
        {
            if (blob == null || blob.Length < 1 + IvLength + 16 + TagLength || blob[0] != Version)
            {
                return null;
            }

            int signedLength = blob.Length - TagLength;
            byte[] expected = Tag(keys, keyId, blob, signedLength);
            byte[] actual = new byte[TagLength];
            Buffer.BlockCopy(blob, signedLength, actual, 0, TagLength);
            if (!SecretHash.FixedTimeEquals(expected, actual))
            {
                return null;
            }

            byte[] iv = new byte[IvLength];
            Buffer.BlockCopy(blob, 1, iv, 0, IvLength);
            using (Aes aes = NewAes(keys))
            using (ICryptoTransform decryptor = aes.CreateDecryptor(aes.Key, iv))
            {
                byte[] plain = decryptor.TransformFinalBlock(blob, 1 + IvLength, signedLength - 1 - IvLength);
                string secret = Encoding.ASCII.GetString(plain);
                Array.Clear(plain, 0, plain.Length);
                return secret;
            }
        }

        private static Aes NewAes(ProtectionKeys keys)
        {
            Aes aes = Aes.Create();
            aes.Mode = CipherMode.CBC;
            aes.Padding = PaddingMode.PKCS7;
            aes.Key = keys.Encryption;
            return aes;
        }

        private static byte[] Tag(ProtectionKeys keys, string keyId, byte[] blob, int length)
        {
            using (var hmac = new HMACSHA256(keys.Authentication))
            {
                byte[] id = Encoding.UTF8.GetBytes(keyId);
                hmac.TransformBlock(id, 0, id.Length, null, 0);
                hmac.TransformFinalBlock(blob, 0, length);
                return hmac.Hash;
            }
        }
    }
}
