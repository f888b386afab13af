using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The kernel every capability works through: the only place that ensures or requires the store, authorises the
    /// acting user (a refusal is audited), opens admin transactions, holds the store's chain against the head this host
    /// has seen (StoreRolledBack when it went back), loads the store's data-protection and signing keys, and signs a
    /// store made by an earlier version on a Super Admin's first command.
    /// </summary>
    internal sealed class StoreSession : IDisposable
    {
        private readonly IIdentityProvider identity;
        private ProtectionKeys protectionKeys;
        private StoreTrust legacyTrust;
        private RowSigner signer;
        private bool seenSigned;
        private bool seenKeyCheck;

        internal StoreSession(IKeyStore store, IIdentityProvider identity, ProtectionKeyFolder keyFolder, HostStateFolder hostState, IClock clock)
        {
            HostState = hostState ?? throw new ArgumentNullException(nameof(hostState));
            Store = store ?? throw new ArgumentNullException(nameof(store));
            this.identity = identity ?? throw new ArgumentNullException(nameof(identity));
            KeyFolder = keyFolder ?? throw new ArgumentNullException(nameof(keyFolder));
            Clock = clock ?? SystemClock.Instance;
        }

        /// <summary>The store, for the reads that stream outside a transaction once the actor is authorised.</summary>
        internal IKeyStore Store { get; }

        /// <summary>Where data-protection keys are kept; a store copy makes the target's there.</summary>
        internal ProtectionKeyFolder KeyFolder { get; }

        /// <summary>What this host remembers of stores: the audit head it has seen and the signing key it pinned.</summary>
        internal HostStateFolder HostState { get; }

        internal IClock Clock { get; }

        /// <summary>The acting user, read afresh each time (tests change it).</summary>
        internal string Actor => KeyPolicy.NormalizeName(identity.CurrentUser);

        /// <summary>True when the store exists and has been set up; never creates it.</summary>
        internal bool Exists
        {
            get
            {
                try
                {
                    return Store.Exists && Store.Read(HasStoreId);
                }
                catch (ApiKeyAdminException ex) when (ex.ErrorId == "StoreNotFound")
                {
                    // A file without a schema yet (its creator was stopped, or is still writing it) is no store, and the next write finishes it.
                    return false;
                }
            }
        }

        /// <summary>Throws StoreNotFound unless the store exists.</summary>
        internal void Require()
        {
            if (!Exists)
            {
                throw Fail.StoreNotFound(Store.Location);
            }
        }

        /// <summary>The first write makes the store; its creator becomes the first Super Admin, in the same transaction.</summary>
        internal void Ensure()
        {
            if (Exists)
            {
                return;
            }

            Store.EnsureCreated();
            string made = Store.Write(tx =>
            {
                if (HasStoreId(tx))
                {
                    return null;
                }

                var admin = new AdminTransaction(this, tx, Actor, Clock.UtcNow);
                string storeId = Guid.NewGuid().ToString("N");
                protectionKeys = new ProtectionKeys(KeyFolder.Create(storeId));
                StoreSettings.Initialise(tx, storeId, null);
                ProtectionKeyCheck.Write(tx, protectionKeys);
                admin.Install();
                admin.AddRole(new AdminRole(admin.Actor, Roles.SuperAdmin, null, admin.Now, admin.Actor));
                admin.SealSettings();
                admin.Audit(AuditAction.StoreCreated, null, null, $"Store created at {Store.Location}");
                admin.Audit(AuditAction.RoleGranted, null, null, $"{Roles.SuperAdmin} granted to {admin.Actor}, the store's creator");
                return storeId;
            });
            if (made != null)
            {
                // This host trusts the new store, whatever store was at its location before.
                new SigningKeyPin(HostState).Replace(Store.Location, made, signer.PublicKey);
                Pin().Reset(Store.Read(tx => tx.GetAuditHead()));
            }
        }

        /// <summary>Runs <paramref name="work"/> in a read transaction as a Super Admin; SuperAdminRequired (audited) otherwise.</summary>
        internal T Read<T>(Operation operation, Func<AdminTransaction, T> work) => AsSuperAdmin(write: false, operation, work, Array.Empty<string>(), holdToPin: true);

        /// <summary>
        /// As <see cref="Read{T}"/>, without refusing settings edited by hand or a chain behind this host's pin, and without
        /// moving the pin: for Test-ApiKeyAuditLog, which reports both.
        /// </summary>
        internal T Inspect<T>(Operation operation, Func<AdminTransaction, T> work) => AsSuperAdmin(write: false, operation, work, null, holdToPin: false);

        /// <summary>
        /// Runs <paramref name="work"/> in one write transaction as a Super Admin, so it commits whole with its audit rows;
        /// SuperAdminRequired otherwise, audited with the <paramref name="operation"/> refused and its target. Settings
        /// edited by hand are IntegrityCheckFailed, except those in <paramref name="rewrites"/>, which the work writes anew.
        /// </summary>
        internal T Write<T>(Operation operation, Func<AdminTransaction, T> work, params string[] rewrites) => AsSuperAdmin(write: true, operation, work, rewrites, holdToPin: true);

        /// <summary>
        /// Runs <paramref name="work"/> in one write transaction for the store's owner, who need not hold the role: the
        /// way back into a store left without a Super Admin. NotStoreOwner unless the store says the actor owns it.
        /// </summary>
        internal T WriteAsOwner<T>(Func<AdminTransaction, T> work)
        {
            string actor = Actor;
            if (!Store.IsOwnedBy(actor))
            {
                throw Fail.NotStoreOwner(actor, Store.Location);
            }

            return AsSuperAdmin(write: true, Operation.OnStore("recover Super Admin access as the store's owner"), admin =>
            {
                if (StoreSettings.ReadSigningKey(admin.Tx) == null)
                {
                    // A store made by an earlier version is signed first, so that the role row written next carries a tag.
                    SigningMigration.Run(admin);
                }

                return work(admin);
            }, Array.Empty<string>(), holdToPin: true, requireRole: false);
        }

        /// <summary>
        /// Runs <paramref name="work"/> in one write transaction as a Super Admin on a store whose chain may be behind this
        /// host's pin, then sets the pin to the head it committed, which is returned: a deliberate restore accepted.
        /// </summary>
        internal AuditHead WriteAcceptingHead(Operation operation, Action<AdminTransaction> work)
        {
            AuditHead head = AsSuperAdmin(write: true, operation, admin =>
            {
                work(admin);
                return admin.Tx.GetAuditHead();
            }, Array.Empty<string>(), holdToPin: false);
            Pin().Reset(head);
            return head;
        }

        /// <summary>The permission check alone, for reads that stream from the store after it: SuperAdminRequired (audited) unless the actor holds the role.</summary>
        internal void Authorise(Operation operation)
        {
            string actor = Actor;
            RequireAdministerAccess(actor);
            SignIfUnsigned(actor);
            AuditHead seen = Pin().Seen();
            bool allowed = Store.Read(tx =>
            {
                Pin().Require(tx, seen);
                return IsSuperAdmin(tx, actor);
            });
            if (!allowed)
            {
                throw Refuse(actor, operation);
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> as a Super Admin, or returns <paramref name="otherwise"/> without auditing: for
        /// completion, which must never fail or fill the log.
        /// </summary>
        internal T ReadQuietly<T>(Func<IStoreTransaction, T> work, T otherwise)
        {
            string actor = Actor;
            if (VerifiesOnly())
            {
                return otherwise;
            }

            AuditHeadPin pin = Pin();
            AuditHead seen = pin.Seen();
            return Store.Read(tx => pin.Compare(tx, seen, out _) == null && IsSuperAdminQuietly(tx, actor) ? work(tx) : otherwise);
        }

        /// <summary>
        /// The store's data-protection keys, loaded once from the key folder by the store's id; ProtectionKeyInvalid when
        /// the file is not the one the store's check value names.
        /// </summary>
        internal ProtectionKeys Keys(IStoreTransaction tx)
        {
            if (protectionKeys == null)
            {
                string storeId = StoreSettings.ReadStoreId(tx);
                var loaded = new ProtectionKeys(KeyFolder.Load(storeId, Store.Location));
                ProtectionKeyCheck.Require(tx, loaded, KeyFolder.PathFor(storeId));
                protectionKeys = loaded;
            }

            return protectionKeys;
        }

        /// <summary>What this host checks rows with: on a signed store its own signing key's public half (never the key the store shows), else the legacy HMAC key.</summary>
        internal StoreTrust Trust(IStoreTransaction tx) =>
            StoreSettings.ReadSigningKey(tx) != null ? Signer(tx).Trust : legacyTrust ?? (legacyTrust = StoreTrust.Legacy(Keys(tx)));

        /// <summary>This host's pin of the store's audit head, by the store's location.</summary>
        internal AuditHeadPin Pin() => new AuditHeadPin(HostState, Store.Location);

        /// <summary>The store's signing key, opened once with the data-protection key.</summary>
        internal RowSigner Signer(IStoreTransaction tx) =>
            signer ?? (signer = StoreSigning.Open(tx, Keys(tx)) ?? throw new InvalidOperationException("The store has no signing key yet."));

        /// <summary>Makes the store signed with a new signing key, which this session then signs with.</summary>
        internal RowSigner Install(IStoreTransaction tx)
        {
            signer?.Dispose();
            signer = StoreSigning.Install(tx, Keys(tx));
            return signer;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            signer?.Dispose();
            Store.Dispose();
        }

        // On a store not yet signed every role row counts (they carry no tags yet), which needs no key file.
        private bool IsSuperAdmin(IStoreTransaction tx, string user) =>
            (StoreSettings.ReadSigningKey(tx) == null ? tx.GetRoles(Roles.SuperAdmin) : RoleIntegrity.Granted(tx, Roles.SuperAdmin, Trust(tx)))
                .Any(r => KeyPolicy.SameName(r.User, user));

        // A host without the key file cannot check role rows, so for completion its user holds no role.
        private bool IsSuperAdminQuietly(IStoreTransaction tx, string user)
        {
            try
            {
                return IsSuperAdmin(tx, user);
            }
            catch (ApiKeyAdminException)
            {
                return false;
            }
        }

        // A login that the database lets only verify is refused up front: it may not read role rows, nor write the audit
        // row of a refusal. (A login with no access at all is refused by the store itself, on its first statement.)
        private void RequireAdministerAccess(string actor)
        {
            if (VerifiesOnly())
            {
                throw new PermissionDeniedException(actor, Roles.SuperAdmin);
            }
        }

        private bool VerifiesOnly() => Store.AccessControl?.Login().Access == StoreAccess.Verify;

        // A store made by an earlier version is signed by the first command of a Super Admin, in a transaction of its own
        // (so that read commands can do it too); another host may have signed it first.
        private void SignIfUnsigned(string actor)
        {
            AddKeyCheckIfMissing(actor);
            if (seenSigned)
            {
                return;
            }

            bool due = Store.Read(tx =>
            {
                seenSigned = StoreSettings.ReadSigningKey(tx) != null;
                return !seenSigned && IsSuperAdmin(tx, actor);
            });
            if (!due)
            {
                return;
            }

            Store.Write(tx =>
            {
                if (StoreSettings.ReadSigningKey(tx) == null && IsSuperAdmin(tx, actor))
                {
                    SigningMigration.Run(new AdminTransaction(this, tx, actor, Clock.UtcNow));
                }

                return 0;
            });
        }

        // A store made before the key check value gets it from a Super Admin's first command, in a transaction of its own,
        // once the key file has proved itself on the store's first audit row; a file that does not is left to fail where
        // it is used, as before.
        private void AddKeyCheckIfMissing(string actor)
        {
            if (seenKeyCheck)
            {
                return;
            }

            bool due = Store.Read(tx =>
            {
                seenKeyCheck = !ProtectionKeyCheck.Missing(tx);
                return !seenKeyCheck && IsSuperAdmin(tx, actor) && ProtectionKeyCheck.MadeFirstRow(Store, Keys(tx));
            });
            if (due)
            {
                Store.Write(tx =>
                {
                    if (ProtectionKeyCheck.Missing(tx))
                    {
                        ProtectionKeyCheck.Write(tx, Keys(tx));
                    }

                    return 0;
                });
                seenKeyCheck = true;
            }
        }

        // True once the store's first write has committed. Rows without the store id mean the id was removed by hand: a new
        // id (and data-protection key) would re-key the store over rows and tags made under the old one, so it is refused.
        private bool HasStoreId(IStoreTransaction tx)
        {
            string id = StoreSettings.ReadStoreId(tx);
            if (id != null)
            {
                return true;
            }

            if (tx.GetAuditHead().Sequence != 0 || tx.GetRoles(null).Count != 0)
            {
                throw Fail.InvalidStore(Store.Location, null);
            }

            return false;
        }

        // Settings are checked unless rewrites is null (Test-ApiKeyAuditLog, which reports them instead); the role unless
        // requireRole is false (the owner's recovery, checked before). With holdToPin, a
        // chain behind this host's pin is refused before anything else (nothing is audited on it), and the head the
        // transaction commits moves the pin on afterwards.
        private T AsSuperAdmin<T>(bool write, Operation operation, Func<AdminTransaction, T> work, IReadOnlyCollection<string> rewrites, bool holdToPin, bool requireRole = true)
        {
            string actor = Actor;
            RequireAdministerAccess(actor);
            SignIfUnsigned(actor);
            bool denied = false;
            AuditHeadPin pin = holdToPin ? Pin() : null;
            AuditHead seen = pin?.Seen();
            AuditHead head = null;
            Func<IStoreTransaction, T> guarded = tx =>
            {
                pin?.Require(tx, seen);

                if (requireRole && !IsSuperAdmin(tx, actor))
                {
                    denied = true;
                    return default(T);
                }

                if (rewrites != null)
                {
                    SettingsIntegrity.Require(tx, Trust(tx), Store.Location, rewrites);
                }

                T done = work(new AdminTransaction(this, tx, actor, Clock.UtcNow));
                head = holdToPin ? tx.GetAuditHead() : null;
                return done;
            };
            T result = write ? Store.Write(guarded) : Store.Read(guarded);
            if (denied)
            {
                throw Refuse(actor, operation);
            }

            if (head != null)
            {
                pin.Advance(head);
            }

            return result;
        }

        // A refusal is audited in a transaction of its own that commits, then reported: what was refused, on what, and why.
        private PermissionDeniedException Refuse(string actor, Operation operation)
        {
            Store.Write(tx =>
            {
                new AdminTransaction(this, tx, actor, Clock.UtcNow).Audit(AuditAction.AccessDenied, operation.Account, operation.KeyId,
                    $"Refused: {operation}; {actor} lacks the {Roles.SuperAdmin} role");
                return 0;
            });
            return new PermissionDeniedException(actor, Roles.SuperAdmin);
        }
    }
}
