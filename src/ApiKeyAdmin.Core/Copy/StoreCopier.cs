using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>Copy-ApiKeyStore's work: this store, verified, into a new store under a data-protection key of its own.</summary>
    public sealed class StoreCopier
    {
        private const int CallBatch = 1000;

        private readonly StoreSession session;
        private readonly AuditCheck check;

        internal StoreCopier(StoreSession session, AuditCheck check)
        {
            this.session = session;
            this.check = check;
        }

        /// <summary>
        /// Copies this store, as a Super Admin of it, into <paramref name="target"/>, which must not exist yet: the source's
        /// chain is verified first; roles, policy and every key (re-encrypted under a data-protection key made for the
        /// target, and signed with a signing key made for it) and the audit rows (re-chained under the target's key) are
        /// written in one transaction, ending with a StoreCopied row that records the source's chain head; then the kept 7
        /// days of calls follow.
        /// </summary>
        public StoreCopy To(IKeyStore target, CancellationToken cancellation)
        {
            AuditVerification verified = check.Verify(cancellation);
            if (!verified.IsValid)
            {
                throw Fail.SourceAuditInvalid(session.Store.Location, verified.Reason);
            }

            if (target.Exists && target.Read(StoreSettings.ReadStoreId) != null)
            {
                throw Fail.TargetStoreExists(target.Location);
            }

            var source = session.Read(Operation.OnStore("copy the store"), admin =>
                (Roles: admin.Roles(null), Keys: admin.Tx.GetKeys(null, null), Reveal: StoreSettings.ReadRevealText(admin.Tx), Head: admin.Tx.GetAuditHead(), Protection: admin.Keys, admin.Trust));
            foreach (KeyRecord key in source.Keys)
            {
                KeyIntegrity.Require(source.Trust, key);
            }

            target.EnsureCreated();
            string targetId = Guid.NewGuid().ToString("N");
            var targetKeys = new ProtectionKeys(session.KeyFolder.Create(targetId));
            RowSigner signer = null;
            AuditRecord stamp = target.Write(tx =>
            {
                // Another copy may have made the target since the check above.
                if (StoreSettings.ReadStoreId(tx) != null)
                {
                    throw Fail.TargetStoreExists(target.Location);
                }

                StoreSettings.Initialise(tx, targetId, source.Reveal);
                signer?.Dispose();
                signer = StoreSigning.Install(tx, targetKeys);
                SettingsIntegrity.Seal(tx, signer);
                foreach (AdminRole role in source.Roles)
                {
                    role.Tag = RoleIntegrity.Tag(signer, role);
                    tx.AddRole(role);
                }

                // Oldest first, so that a later key never meets an older Active one of its account and kind half-copied.
                foreach (KeyRecord key in source.Keys.OrderBy(k => k.CreatedAt))
                {
                    string secret = key.EncryptedSecret == null ? null : SecretProtector.Unprotect(source.Protection, key.KeyId, key.EncryptedSecret);
                    key.EncryptedSecret = secret == null ? null : SecretProtector.Protect(targetKeys, key.KeyId, secret);
                    key.Tag = KeyIntegrity.Tag(signer, key);
                    tx.AddKey(key);
                }

                // Rows the source gained after its head was read belong to the source only.
                var chain = new AuditChain(targetKeys.Audit, AuditHead.Empty);
                foreach (AuditRecord row in session.Store.ReadAudit(new AuditFilter { OldestFirst = true }, cancellation).TakeWhile(r => r.Sequence <= source.Head.Sequence))
                {
                    chain.Seal(row);
                    tx.AppendAudit(row);
                }

                // A target whose database authenticates its clients is administered by logins: the login that made it
                // is its first Super Admin, as for any store it creates, unless a copied role already names it.
                string creator = target.AccessControl?.Login().Name;
                if (creator != null && !source.Roles.Any(r => r.Role == Roles.SuperAdmin && KeyPolicy.SameName(r.User, creator)))
                {
                    var role = new AdminRole(creator, Roles.SuperAdmin, null, session.Clock.UtcNow, creator);
                    role.Tag = RoleIntegrity.Tag(signer, role);
                    tx.AddRole(role);
                    tx.AppendAudit(chain.Next(session.Clock.UtcNow, creator, AuditAction.RoleGranted, null, null, $"{Roles.SuperAdmin} granted to {creator}, the store's creator"));
                }

                AuditRecord made = chain.Next(session.Clock.UtcNow, session.Actor, AuditAction.StoreCopied, null, null,
                    $"Copied from {session.Store.Location}; its audit chain verified up to row {source.Head.Sequence}, tag {ToHex(source.Head.Tag)}");
                tx.AppendAudit(made);
                return made;
            });
            // The copy's rows are signed; this host signs the target again only through a session of its own. Its pins are
            // the new store's, whatever store was at the target's location before.
            new SigningKeyPin(session.HostState).Replace(target.Location, targetId, signer.PublicKey);
            new AuditHeadPin(session.HostState, target.Location).Reset(new AuditHead(stamp.Sequence, stamp.Tag));
            signer.Dispose();

            long calls = CopyCalls(target, cancellation);
            return new StoreCopy(session.Store.Location, target.Location, session.KeyFolder.PathFor(targetId), source.Roles.Count, source.Keys.Count, stamp.Sequence, calls, source.Head.Sequence);
        }

        private static string ToHex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();

        private static CallEntry ToEntry(CallRecord call) => new CallEntry
        {
            Timestamp = call.Timestamp,
            Account = call.Account.Length == 0 ? null : call.Account,
            KeyId = call.KeyId.Length == 0 ? null : call.KeyId,
            Kind = call.Kind,
            Method = call.Method,
            Path = call.Path,
            ClientAddress = call.ClientAddress,
            Outcome = call.Outcome,
            Reason = call.Reason,
            StatusCode = call.StatusCode,
            DurationMs = call.DurationMs,
            KeyFingerprint = call.KeyFingerprint.Length == 0 ? null : call.KeyFingerprint,
        };

        // The kept calls, in batches, after the rows that decide: a call row refers to no tag.
        private long CopyCalls(IKeyStore target, CancellationToken cancellation)
        {
            long calls = 0;
            var batch = new List<CallEntry>();
            foreach (CallRecord call in session.Store.ReadCalls(new CallFilter { Since = session.Clock.UtcNow - ApiKeyManager.CallRetention }, cancellation))
            {
                batch.Add(ToEntry(call));
                if (batch.Count == CallBatch)
                {
                    target.AppendCalls(batch);
                    calls += batch.Count;
                    batch.Clear();
                }
            }

            target.AppendCalls(batch);
            calls += batch.Count;
            return calls;
        }
    }
}
