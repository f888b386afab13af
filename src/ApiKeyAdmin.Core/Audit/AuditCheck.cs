using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The check of the whole audit chain and its head, as Test-ApiKeyAuditLog and a store copy run it; also held
    /// against the head this host has seen and, when given, a checkpoint. Exports checkpoints and accepts a restore.
    /// </summary>
    public sealed class AuditCheck
    {
        private readonly StoreSession session;

        internal AuditCheck(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>
        /// Checks the whole audit chain and its head; names the first row that does not verify, or the rollback when the
        /// chain is behind what this host has seen or behind the checkpoint at <paramref name="checkpointPath"/> (when
        /// given: InvalidCheckpoint unless it is this store's, unedited). <paramref name="progress"/>, when given, hears
        /// the number of rows checked every <see cref="ApiKeyManager.ProgressInterval"/> rows.
        /// </summary>
        public AuditVerification Verify(CancellationToken cancellation, Action<long> progress = null, string checkpointPath = null)
        {
            session.Require();
            long headRow = 0;
            long rowsRead = 0;
            AuditHeadPin pin = session.Pin();
            AuditHead seen = pin.Seen();
            AuditHead verifiedHead = null;
            // Inspect, not Read: settings edited by hand and a chain behind this host's pin are reported here rather than refused.
            AuditVerification result = session.Inspect(Operation.OnStore("verify the audit log"), admin =>
            {
                AuditHead head = admin.Tx.GetAuditHead();
                headRow = head.Sequence;
                List<ChainMark> marks = Marks(admin, seen, checkpointPath);
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

                    marks.ForEach(mark => mark.See(row));
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

                foreach (ChainMark mark in marks)
                {
                    AuditVerification behind = mark.Finding(rows);
                    if (behind != null)
                    {
                        return behind;
                    }
                }

                rowsRead = rows;
                string problem = StoreRowCheck.Problem(admin, session.Store.AccessControl);
                if (problem != null)
                {
                    return new AuditVerification(false, rows, null, problem);
                }

                verifiedHead = head;
                return new AuditVerification(true, rows, null, $"All {rows} rows verify.");
            });

            // Rows past the head were committed while the rows streamed, and a head read now records them; a head that still
            // stops short of them was moved back by hand.
            if (result.IsValid && rowsRead > headRow && session.Store.Read(tx => tx.GetAuditHead()).Sequence < rowsRead)
            {
                return new AuditVerification(false, headRow, headRow + 1,
                    $"Rows {headRow + 1} to {rowsRead} verify, but the chain's head records row {headRow}: it was moved back.");
            }

            if (result.IsValid)
            {
                pin.Advance(verifiedHead);
            }

            return result;
        }

        /// <summary>
        /// Writes a signed checkpoint of the store's audit head to <paramref name="path"/> (replacing a file there), for
        /// Test-ApiKeyAuditLog -Checkpoint to hold the store against later; returns the sequence it records.
        /// </summary>
        public long ExportCheckpoint(string path)
        {
            session.Require();
            (string text, long sequence) = session.Read(Operation.OnStore("export an audit checkpoint"), admin =>
            {
                var checkpoint = new AuditCheckpoint(StoreSettings.ReadStoreId(admin.Tx), admin.Tx.GetAuditHead(), admin.Now);
                return (checkpoint.ToText(admin.Keys.Checkpoints), checkpoint.Head.Sequence);
            });
            File.WriteAllText(path, text);
            return sequence;
        }

        /// <summary>
        /// Accepts the store's audit chain as it is now on this host, after a deliberate restore: audited as
        /// RollbackAccepted on the store's current chain, and this host's pin moves to the row that records it, which is returned.
        /// </summary>
        public long AcceptRollback()
        {
            session.Require();
            return session.WriteAcceptingHead(Operation.OnStore("accept a rolled-back audit chain"), admin =>
            {
                AuditHead seen = session.Pin().Seen();
                long current = admin.Tx.GetAuditHead().Sequence;
                admin.Audit(AuditAction.RollbackAccepted, null, null, seen == null
                    ? $"Audit head at row {current} accepted on {Environment.MachineName}, which had seen none of this store"
                    : $"Audit head at row {current} accepted on {Environment.MachineName}, which had seen row {seen.Sequence}");
            }).Sequence;
        }

        // What the chain must hold: the head this host saw, and the checkpoint when one is given.
        private static List<ChainMark> Marks(AdminTransaction admin, AuditHead seen, string checkpointPath)
        {
            var marks = new List<ChainMark>();
            if (seen != null)
            {
                marks.Add(new ChainMark(seen, "this host has seen", ", or accept a deliberate restore on this host with Test-ApiKeyAuditLog -AcceptRollback"));
            }

            if (checkpointPath != null)
            {
                AuditCheckpoint checkpoint = AuditCheckpoint.Read(checkpointPath, StoreSettings.ReadStoreId(admin.Tx), admin.Keys.Checkpoints);
                marks.Add(new ChainMark(checkpoint.Head, checkpoint.Description + " records", string.Empty));
            }

            return marks;
        }
    }
}
