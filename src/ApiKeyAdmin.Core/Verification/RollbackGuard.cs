using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
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

        /// <summary>
        /// The answer while the store is behind, else null: Malformed for a string not in the key format, otherwise
        /// StoreRolledBack; a one-shot verifier (Test-ApiKey) throws the error instead, as every command does on such a store.
        /// </summary>
        internal VerificationResult Refusal(string presentedKey, bool oneShot)
        {
            ApiKeyAdminException error = behind;
            if (error == null)
            {
                return null;
            }

            if (!KeyFormat.IsWellFormed(presentedKey, out _))
            {
                return VerificationResult.Refused(VerificationReason.Malformed);
            }

            if (oneShot)
            {
                throw error;
            }

            return VerificationResult.Refused(VerificationReason.StoreRolledBack);
        }

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
