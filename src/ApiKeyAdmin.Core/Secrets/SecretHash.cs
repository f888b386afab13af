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
        private const int HashLength = 32;

        // .NET 5 and later hash in one call without an instance, a fifth cheaper per request than ComputeHash; Windows
        // PowerShell's .NET Framework has no such method and keeps a per-thread instance.
        private static readonly HashInto OneShot = FindOneShot();

        [ThreadStatic]
        private static SHA256 sha;

        [ThreadStatic]
        private static byte[] buffer;

        /// <summary>SHA-256 of the secret's ASCII bytes.</summary>
        public static byte[] Compute(string secret)
        {
            var hash = new byte[HashLength];
            Compute(secret, hash);
            return hash;
        }

        /// <summary>SHA-256 of the secret's ASCII bytes, into <paramref name="hash"/> (32 bytes): the verifier's form, which reuses one buffer.</summary>
        internal static void Compute(string secret, byte[] hash)
        {
            // The ASCII bytes go to a per-thread buffer rather than a new array.
            int length = Encoding.ASCII.GetByteCount(secret);
            byte[] bytes = buffer != null && buffer.Length >= length ? buffer : (buffer = new byte[Math.Max(length, 64)]);
            Encoding.ASCII.GetBytes(secret, 0, secret.Length, bytes, 0);
            if (OneShot != null)
            {
                OneShot(new ReadOnlySpan<byte>(bytes, 0, length), hash);
            }
            else
            {
                HashWithInstance(bytes, length, hash);
            }
        }

        /// <summary>The .NET Framework path, kept reachable so that tests on .NET can check it gives the same hash.</summary>
        internal static void HashWithInstance(byte[] bytes, int length, byte[] hash)
        {
            SHA256 hasher = sha ?? (sha = SHA256.Create());
            Buffer.BlockCopy(hasher.ComputeHash(bytes, 0, length), 0, hash, 0, HashLength);
        }

        private delegate int HashInto(ReadOnlySpan<byte> source, Span<byte> destination);

        private static HashInto FindOneShot()
        {
            System.Reflection.MethodInfo method = typeof(SHA256).GetMethod("HashData", new[] { typeof(ReadOnlySpan<byte>), typeof(Span<byte>) });
            return method == null ? null : (HashInto)Delegate.CreateDelegate(typeof(HashInto), method);
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
