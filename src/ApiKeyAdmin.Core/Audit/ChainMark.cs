using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Audit
{
    /// <summary>
    /// A row the audit chain must still hold, with the tag it had: the head this host has seen, or a checkpoint's. A
    /// chain that ends before it was cut back; one with another row there was rolled back and written on since.
    /// </summary>
    internal sealed class ChainMark
    {
        private readonly AuditHead expected;
        private readonly string source;
        private readonly string remedy;
        private byte[] found;

        /// <summary>A mark at <paramref name="expected"/>; <paramref name="source"/> says who saw it ("this host has seen").</summary>
        internal ChainMark(AuditHead expected, string source, string remedy)
        {
            this.expected = expected;
            this.source = source;
            this.remedy = remedy;
        }

        /// <summary>Takes the tag of the marked row as the chain passes it.</summary>
        internal void See(AuditRecord row)
        {
            if (row.Sequence == expected.Sequence)
            {
                found = row.Tag;
            }
        }

        /// <summary>Null when the chain of <paramref name="rows"/> rows holds the mark; else the failed check, naming the rollback.</summary>
        internal AuditVerification Finding(long rows)
        {
            if (rows < expected.Sequence)
            {
                return new AuditVerification(false, rows, rows + 1,
                    $"The store was rolled back: the chain ends at row {rows}, but {source} row {expected.Sequence}. Rows were cut off " +
                    $"its end, head included, or an older copy was restored; restore the newest backup{remedy}.");
            }

            if (!SecretHash.FixedTimeEquals(found, expected.Tag))
            {
                return new AuditVerification(false, rows, expected.Sequence,
                    $"The store was rolled back: its row {expected.Sequence} is not the one {source} there, so an older copy was restored " +
                    $"and written on since; restore the newest backup{remedy}.");
            }

            return null;
        }
    }
}
