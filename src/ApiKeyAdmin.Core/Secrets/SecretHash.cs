using System;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// The stored form of a secret. A plain SHA-256 is enough: secrets carry 256 random bits, so there is nothing
    /// for a slow password hash to protect, and verification stays on the hot path's budget.
    /// </summary>
    public static class SecretHash
    {
        [ThreadStatic]
        private static SHA256 sha;

        [ThreadStatic]
        private static byte[] buffer;

        /// <summary>SHA-256 of the secret's ASCII bytes.</summary>
        public static byte[] Compute(string secret)
        {
            SHA256 hasher = sha ?? (sha = SHA256.Create());
            // The verifier hashes on every request: the ASCII bytes go to a per-thread buffer rather than a new array.
            int length = Encoding.ASCII.GetByteCount(secret);
            byte[] bytes = buffer != null && buffer.Length >= length ? buffer : (buffer = new byte[Math.Max(length, 64)]);
            Encoding.ASCII.GetBytes(secret, 0, secret.Length, bytes, 0);
            return hasher.ComputeHash(bytes, 0, length);
        }

        /// <summary>Compares two byte strings in time that depends only on their length.</summary>
        public static bool FixedTimeEquals(byte[] left, byte[] right)
        {
            if (left == null || right == null || left.Length != right.Length)
            {
                return false;
            }

            int difference = 0;
            for (int i = 0; i < left.Length; i++)
            {
                difference |= left[i] ^ right[i];
            }

            return difference == 0;
        }

        /// <summary>
        /// A short, non-reversible tag of whatever was presented, so that calls with unknown keys can be told apart in
        /// the call log without storing the key: 8 hex characters of a keyed hash.
        /// </summary>
        public static string Fingerprint(string presented, byte[] fingerprintKey)
        {
            using (var hmac = new HMACSHA256(fingerprintKey))
            {
                byte[] tag = hmac.ComputeHash(Encoding.UTF8.GetBytes(presented ?? string.Empty));
                return BitConverter.ToString(tag, 0, 4).Replace("-", string.Empty).ToLowerInvariant();
            }
        }
    }
}
