using System;
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
    /// has seen (StoreRolledBack when it went back) and loads the store's data-protection keys.
    /// </summary>
    internal sealed class StoreSession : IDisposable
    {
        private readonly IIdentityProvider identity;
        private ProtectionKeys protectionKeys;
        private string storeId;

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

        /// <summary>What this host remembers of stores: the audit head it has seen.</summary>
        internal HostStateFolder HostState { get; }

        internal IClock Clock { get; }

        /// <summary>The acting user, read afresh each time (tests change it).</summary>
        internal string Actor => identity.CurrentUser;

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
            Store.Write(tx =>
            {
                if (HasStoreId(tx))
                {
                    return 0;
                }

                var admin = new AdminTransaction(this, tx, Actor, Clock.UtcNow);
                string storeId = Guid.NewGuid().ToString("N");
                protectionKeys = new ProtectionKeys(KeyFolder.Create(storeId));
                StoreSettings.Initialise(tx, storeId, null);
                tx.AddRole(new AdminRole(admin.Actor, Roles.SuperAdmin, null, admin.Now, admin.Actor));
                admin.Audit(AuditAction.StoreCreated, null, null, $"Store created at {Store.Location}");
                admin.Audit(AuditAction.RoleGranted, null, null, $"{Roles.SuperAdmin} granted to {admin.Actor}, the store's creator");
                return 0;
            });
            Pin().Advance(Store.Read(tx => tx.GetAuditHead()));
        }

        /// <summary>Runs <paramref name="work"/> in a read transaction as a Super Admin; SuperAdminRequired (audited) otherwise.</summary>
        internal T Read<T>(Func<AdminTransaction, T> work) => AsSuperAdmin(write: false, null, work, holdToPin: true);

        /// <summary>
        /// As <see cref="Read{T}"/>, but a chain behind this host's pin is left to <paramref name="work"/> to report and the
        /// pin is not moved: for the audit check, which tells what went back.
        /// </summary>
        internal T ReadUnpinned<T>(Func<AdminTransaction, T> work) => AsSuperAdmin(write: false, null, work, holdToPin: false);

        /// <summary>
        /// Runs <paramref name="work"/> in one write transaction as a Super Admin, so it commits whole with its audit rows;
        /// SuperAdminRequired otherwise, audited against <paramref name="account"/> when the command named one.
        /// </summary>
        internal T Write<T>(string account, Func<AdminTransaction, T> work) => AsSuperAdmin(write: true, account, work, holdToPin: true);

        /// <summary>
        /// Runs <paramref name="work"/> in one write transaction as a Super Admin on a store whose chain may be behind this
        /// host's pin, then sets the pin to the head it committed, which is returned: a deliberate restore accepted.
        /// </summary>
        internal AuditHead WriteAcceptingHead(Action<AdminTransaction> work)
        {
            AuditHead head = AsSuperAdmin(write: true, null, admin =>
            {
                work(admin);
                return admin.Tx.GetAuditHead();
            }, holdToPin: false);
            Pin().Reset(head);
            return head;
        }

        /// <summary>The permission check alone, for reads that stream from the store after it: SuperAdminRequired (audited) unless the actor holds the role.</summary>
        internal void Authorise()
        {
            string actor = Actor;
            AuditHead seen = Pin().Seen();
            bool allowed = Store.Read(tx =>
            {
                Pin().Require(tx, seen);
                return IsSuperAdmin(tx, actor);
            });
            if (!allowed)
            {
                throw Refuse(actor, null);
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> as a Super Admin, or returns <paramref name="otherwise"/> without auditing: for
        /// completion, which must never fail or fill the log.
        /// </summary>
        internal T ReadQuietly<T>(Func<IStoreTransaction, T> work, T otherwise)
        {
            string actor = Actor;
            AuditHead seen = Pin().Seen();
            return Store.Read(tx => Pin().Compare(tx, seen, out _) == null && IsSuperAdmin(tx, actor) ? work(tx) : otherwise);
        }

        /// <summary>The store's data-protection keys, loaded once from the key folder by the store's id.</summary>
        internal ProtectionKeys Keys(IStoreTransaction tx) =>
            protectionKeys ?? (protectionKeys = new ProtectionKeys(KeyFolder.Load(StoreSettings.ReadStoreId(tx), Store.Location)));

        /// <summary>This host's pin of the store's audit head, by the store's id (read once, outside any transaction the pin is compared in).</summary>
        internal AuditHeadPin Pin() =>
            new AuditHeadPin(HostState, storeId ?? (storeId = Store.Read(StoreSettings.ReadStoreId)), Store.Location);

        /// <inheritdoc/>
        public void Dispose() => Store.Dispose();

        private static bool IsSuperAdmin(IStoreTransaction tx, string user) => tx.GetRoles(Roles.SuperAdmin).Any(r => KeyPolicy.SameName(r.User, user));

        // True once the store's first write has committed. Rows without the store id mean the id was removed by hand: a new
        // id (and data-protection key) would re-key the store over rows and tags made under the old one, so it is refused.
        private bool HasStoreId(IStoreTransaction tx)
        {
            string id = StoreSettings.ReadStoreId(tx);
            if (id != null)
            {
                storeId = id;
                return true;
            }

            if (tx.GetAuditHead().Sequence != 0 || tx.GetRoles(null).Count != 0)
            {
                throw Fail.InvalidStore(Store.Location, null);
            }

            return false;
        }

        // With holdToPin, a chain behind this host's pin is refused before anything else (nothing is audited on it), and
        // the head the transaction commits moves the pin on afterwards.
        private T AsSuperAdmin<T>(bool write, string account, Func<AdminTransaction, T> work, bool holdToPin)
        {
            string actor = Actor;
            bool denied = false;
            AuditHeadPin pin = holdToPin ? Pin() : null;
            AuditHead seen = pin?.Seen();
            AuditHead head = null;
            Func<IStoreTransaction, T> guarded = tx =>
            {
                pin?.Require(tx, seen);

                if (!IsSuperAdmin(tx, actor))
                {
                    denied = true;
                    return default(T);
                }

                T done = work(new AdminTransaction(this, tx, actor, Clock.UtcNow));
                head = holdToPin ? tx.GetAuditHead() : null;
                return done;
            };
            T result = write ? Store.Write(guarded) : Store.Read(guarded);
            if (denied)
            {
                throw Refuse(actor, account);
            }

            if (head != null)
            {
                pin.Advance(head);
            }

            return result;
        }

        // A refusal is audited in a transaction of its own that commits, then reported.
        private PermissionDeniedException Refuse(string actor, string account)
        {
            Store.Write(tx =>
            {
                new AdminTransaction(this, tx, actor, Clock.UtcNow).Audit(AuditAction.AccessDenied, account, null, $"{actor} lacks the {Roles.SuperAdmin} role");
                return 0;
            });
            return new PermissionDeniedException(actor, Roles.SuperAdmin);
        }
    }
}
