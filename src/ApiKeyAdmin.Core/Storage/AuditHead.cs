namespace ApiKeyAdmin.Storage
{
    /// <summary>The newest sequence number and tag of the audit chain, kept apart so that cutting rows off the end shows.</summary>
    public sealed class AuditHead
    {
        /// <summary>Creates a head.</summary>
        public AuditHead(long sequence, byte[] tag)
        {
            Sequence = sequence;
            Tag = tag;
        }

        /// <summary>The head of an empty chain.</summary>
        public static AuditHead Empty { get; } = new AuditHead(0, new byte[32]);

        /// <summary>The newest row's sequence number.</summary>
        public long Sequence { get; }

        /// <summary>The newest row's tag.</summary>
        public byte[] Tag { get; }
    }
}
