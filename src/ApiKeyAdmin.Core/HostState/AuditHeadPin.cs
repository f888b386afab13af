using System;
using System.Globalization;
using System.IO;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.HostState
{
    /// <summary>
    /// The highest audit head (sequence and tag) this host has seen in one store, kept in its state folder, so a store
    /// whose chain went back (rows cut off the end, head included, or a history written anew from an older row) is
    /// refused: the store's head is behind the pin, or its row at the pinned sequence carries another tag.
    /// </summary>
    internal sealed class AuditHeadPin
    {
        /// <summary>The state file's purpose.</summary>
        internal const string Purpose = "audit-head";

        private readonly HostStateFolder folder;
        private readonly string key;
        private readonly string location;

        /// <summary>The pin of the store at <paramref name="location"/>, named by its location as the signing-key pin is.</summary>
        internal AuditHeadPin(HostStateFolder folder, string location)
        {
            this.folder = folder ?? throw new ArgumentNullException(nameof(folder));
            this.location = location;
            key = HostStateFolder.KeyFor(location);
        }

        /// <summary>The head this host saw last, read afresh (other processes of the host move it too); null before the first.</summary>
        internal AuditHead Seen()
        {
            string text = folder.Read(key, Purpose);
            string[] parts = text?.Trim().Split(' ');
            if (parts == null || parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
            {
                // No file, or one damaged by hand: whoever can edit it could as well delete it, so it pins nothing.
                return null;
            }

            try
            {
                return new AuditHead(sequence, Convert.FromBase64String(parts[1]));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>
        /// Compares the store's chain in <paramref name="tx"/> with <paramref name="seen"/>, the pin as read before the
        /// transaction began: the StoreRolledBack error when it went back, else null; <paramref name="head"/> is the
        /// store's head either way. One head read and at most one indexed row read. The pin is read first because another
        /// process may pin a head it committed after this transaction's snapshot was taken.
        /// </summary>
        internal ApiKeyAdminException Compare(IStoreTransaction tx, AuditHead seen, out AuditHead head)
        {
            head = tx.GetAuditHead();
            if (seen == null)
            {
                return null;
            }

            if (head.Sequence < seen.Sequence)
            {
                return Fail.StoreRolledBack(location, seen.Sequence, head.Sequence);
            }

            byte[] tagThen = head.Sequence == seen.Sequence ? head.Tag : tx.GetAuditTag(seen.Sequence);
            return tagThen != null && SecretHash.FixedTimeEquals(tagThen, seen.Tag) ? null : Fail.StoreRolledBack(location, seen.Sequence, head.Sequence);
        }

        /// <summary>StoreRolledBack unless the store's chain in <paramref name="tx"/> holds <paramref name="seen"/>; returns the store's head.</summary>
        internal AuditHead Require(IStoreTransaction tx, AuditHead seen)
        {
            ApiKeyAdminException behind = Compare(tx, seen, out AuditHead head);
            if (behind != null)
            {
                throw behind;
            }

            return head;
        }

        /// <summary>Moves the pin to <paramref name="head"/>, a head of a committed transaction, when it is further on.</summary>
        internal void Advance(AuditHead head)
        {
            AuditHead seen = Seen();
            if (seen != null && seen.Sequence >= head.Sequence)
            {
                return;
            }

            try
            {
                Reset(head);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The command has committed; failing it now would report a change as not made. The pin stays where it was,
                // which only narrows what this host would catch, and the next command tries again.
            }
        }

        /// <summary>
        /// Sets the pin to <paramref name="head"/> whatever it was: a Super Admin accepted the store as it is, or this host
        /// has just made a store at the location, where an earlier one may have been.
        /// </summary>
        internal void Reset(AuditHead head) =>
            folder.Write(key, Purpose, head.Sequence.ToString(CultureInfo.InvariantCulture) + " " + Convert.ToBase64String(head.Tag) + "\n");
    }
}
