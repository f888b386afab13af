namespace ApiKeyAdmin.Secrets
{
    /// <summary>CRC-32 (IEEE), the checksum GitHub's token format uses to reject typos without a lookup.</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        internal static uint Compute(string ascii, int start, int length)
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = start; i < start + length; i++)
            {
                crc = Table[(crc ^ ascii[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

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
