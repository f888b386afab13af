using System;
using System.IO;
using System.Text;

namespace ApiKeyAdmin.Audit
{
    /// <summary>
    /// An unambiguous byte form of a row for MACs: each text field length-prefixed, each number fixed-width big-endian,
    /// so no two different rows encode alike.
    /// </summary>
    internal sealed class Canonical : IDisposable
    {
        private readonly MemoryStream buffer = new MemoryStream();

        internal Canonical Add(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text ?? string.Empty);
            Add(bytes.LongLength);
            buffer.Write(bytes, 0, bytes.Length);
            return this;
        }

        internal Canonical Add(long value)
        {
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                buffer.WriteByte((byte)(value >> shift));
            }

            return this;
        }

        internal Canonical Add(DateTimeOffset? time) => Add(time.HasValue ? time.Value.ToUnixTimeMilliseconds() : long.MinValue);

        internal Canonical Add(byte[] bytes)
        {
            Add(bytes.LongLength);
            buffer.Write(bytes, 0, bytes.Length);
            return this;
        }

        internal byte[] ToArray() => buffer.ToArray();

        public void Dispose() => buffer.Dispose();
    }
}
