using System;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// The verifier's cache key: the 32 bytes of a secret's SHA-256 as four longs, so that a lookup allocates nothing
    /// (a base64 string of the hash cost an allocation and a string hash per call). The bytes are uniformly random, so
    /// any of them makes a good hash code.
    /// </summary>
    internal readonly struct HashKey : IEquatable<HashKey>
    {
        private readonly ulong a;
        private readonly ulong b;
        private readonly ulong c;
        private readonly ulong d;

        internal HashKey(byte[] hash)
        {
            a = BitConverter.ToUInt64(hash, 0);
            b = BitConverter.ToUInt64(hash, 8);
            c = BitConverter.ToUInt64(hash, 16);
            d = BitConverter.ToUInt64(hash, 24);
        }

        public bool Equals(HashKey other) => a == other.a && b == other.b && c == other.c && d == other.d;

        public override bool Equals(object obj) => obj is HashKey other && Equals(other);

        public override int GetHashCode() => (int)a ^ (int)(a >> 32);
    }
}
