namespace ApiKeyAdmin.Secrets
{
    /// <summary>CRC-32 (IEEE), the checksum GitHub's token format uses to reject typos without a lookup.</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>The running value before the first character.</summary>
        internal const uint Initial = 0xFFFFFFFFu;

        internal static uint Compute(string ascii, int start, int length)
        {
            uint crc = Initial;
            for (int i = start; i < start + length; i++)
            {
                crc = Step(crc, ascii[i]);
            }

            return Final(crc);
        }

        /// <summary>The running value after one more character; for callers that check each character as they go.</summary>
        internal static uint Step(uint crc, char c) => Table[(crc ^ c) & 0xFF] ^ (crc >> 8);

        /// <summary>The checksum from the running value after the last character.</summary>
        internal static uint Final(uint crc) => ~crc;

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
