using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// A verifier's hold on the store's audit head: while the chain is behind what this host has seen, every key is
    /// refused; a chain further on moves the host's pin forward.
    /// </summary>
    internal sealed class RollbackGuard
    {
        private readonly AuditHeadPin pin;
        private volatile ApiKeyAdminException behind;

        /// <summary>Holds the store at <paramref name="location"/> against this host's pin in <paramref name="hostState"/>.</summary>
        internal RollbackGuard(HostStateFolder hostState, string location)
        {
            pin = new AuditHeadPin(hostState, location);
        }

        /// <summary>The StoreRolledBack error while the store is behind this host's pin, else null.</summary>
        internal ApiKeyAdminException Behind => behind;

        /// <summary>Reads the store's head (one head read, at most one row read) and holds it against the pin.</summary>
        internal void Check(IKeyStore store)
        {
            AuditHead head = null;
            AuditHead seen = pin.Seen();
            ApiKeyAdminException found = store.Read(tx => pin.Compare(tx, seen, out head));
            if (found == null)
            {
                pin.Advance(head);
            }

            behind = found;
        }
    }
}
