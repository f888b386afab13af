using System;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>The check of the whole audit chain and its head, as Test-ApiKeyAuditLog and a store copy run it.</summary>
    public sealed class AuditCheck
    {
        private readonly StoreSession session;

        internal AuditCheck(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>
        /// Checks the whole audit chain and its head; names the first row that does not verify.
        /// <paramref name="progress"/>, when given, hears the number of rows checked every <see cref="ApiKeyManager.ProgressInterval"/> rows.
        /// </summary>
        public AuditVerification Verify(CancellationToken cancellation, Action<long> progress = null)
        {
            session.Require();
            long headRow = 0;
            long rowsRead = 0;
            // Inspect, not Read: settings edited by hand are reported here rather than refused.
            AuditVerification result = session.Inspect(admin =>
            {
                AuditHead head = admin.Tx.GetAuditHead();
                headRow = head.Sequence;
                var chain = new AuditChain(admin.Keys.Audit, AuditHead.Empty);
                byte[] tagAtHead = head.Sequence == 0 ? chain.Tag : null;
                long expected = 1;
                foreach (AuditRecord row in session.Store.ReadAudit(new AuditFilter { OldestFirst = true }, cancellation))
                {
                    if (row.Sequence != expected)
                    {
                        return new AuditVerification(false, expected - 1, expected,
                            row.Sequence > expected ? $"Row {expected} is missing: the next row is {row.Sequence}." : $"Row {row.Sequence} is out of order.");
                    }

                    if (!chain.Verifies(row))
                    {
                        return new AuditVerification(false, expected, row.Sequence,
                            $"Row {row.Sequence} does not match its tag: it was altered, or a row before it was.");
                    }

                    if (row.Sequence == head.Sequence)
                    {
                        tagAtHead = row.Tag;
                    }

                    if (expected % ApiKeyManager.ProgressInterval == 0)
                    {
                        progress?.Invoke(expected);
                    }

                    expected++;
                }

                // The rows stream on a connection of their own, so rows committed after the head was read may follow it; they
                // verified like the others. Only a chain that stops short of the head, or a head that names another row, is cut.
                long rows = expected - 1;
                if (head.Sequence == 0)
                {
                    // A store's first write leaves its first rows and the head together, so a store without a head lost it to an edit.
                    return new AuditVerification(false, rows, rows + 1,
                        $"The chain's head is missing: rows may have been removed from the end after row {rows}.");
                }

                if (rows < head.Sequence || !SecretHash.FixedTimeEquals(head.Tag, tagAtHead))
                {
                    return new AuditVerification(false, rows, rows + 1,
                        $"The chain ends at row {rows} but its head records row {head.Sequence}: rows were removed from the end.");
                }

                rowsRead = rows;
                string problem = StoreRowCheck.Problem(admin);
                return problem == null ? new AuditVerification(true, rows, null, $"All {rows} rows verify.") : new AuditVerification(false, rows, null, problem);
            });

            // Rows past the head were committed while the rows streamed, and a head read now records them; a head that still
            // stops short of them was moved back by hand.
            if (result.IsValid && rowsRead > headRow && session.Store.Read(tx => tx.GetAuditHead()).Sequence < rowsRead)
            {
                return new AuditVerification(false, headRow, headRow + 1,
                    $"Rows {headRow + 1} to {rowsRead} verify, but the chain's head records row {headRow}: it was moved back.");
            }

            return result;
        }
    }
}
