using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Every rule of the key lifecycle: one active key per account and kind, Super Admins only, rotation with or
    /// without grace, show-again under audit, and an audit row for every action and refusal. Each operation is one
    /// store transaction, so an operation either happens whole, audit row included, or not at all.
    /// </summary>
    public sealed class ApiKeyManager : IDisposable
    {
        private const string StoreIdSetting = "store_id";
        private const string RevealSetting = "reveal";

        private readonly IKeyStore store;
        private readonly IIdentityProvider identity;
        private readonly ProtectionKeyFolder keyFolder;
        private readonly IClock clock;
        private ProtectionKeys protectionKeys;

        /// <summary>A manager over <paramref name="store"/>, acting as the user <paramref name="identity"/> names.</summary>
        public ApiKeyManager(IKeyStore store, IIdentityProvider identity, ProtectionKeyFolder keyFolder, IClock clock = null)
        {
            this.store = store ?? throw new ArgumentNullException(nameof(store));
            this.identity = identity ?? throw new ArgumentNullException(nameof(identity));
            this.keyFolder = keyFolder ?? throw new ArgumentNullException(nameof(keyFolder));
            this.clock = clock ?? SystemClock.Instance;
        }

        /// <summary>Where the store is.</summary>
        public string Location => store.Location;

        /// <summary>The acting user.</summary>
        public string Actor => identity.CurrentUser;

        /// <summary>How many rows long operations process between progress reports.</summary>
        public const int ProgressInterval = 10_000;

        /// <summary>How long the call log keeps calls.</summary>
        public static TimeSpan CallRetention { get; } = TimeSpan.FromDays(7);

        /// <summary>True when the store exists and has been set up; never creates it.</summary>
        public bool StoreExists
        {
            get
            {
                try
                {
                    return store.Exists && store.Read(HasStoreId);
                }
                catch (ApiKeyAdminException ex) when (ex.ErrorId == "StoreNotFound")
                {
                    // A file without a schema yet (its creator was stopped, or is still writing it) is no store, and the next write finishes it.
                    return false;
                }
            }
        }

        /// <summary>The oldest moment the call log still holds.</summary>
        public DateTimeOffset CallRetentionStart => clock.UtcNow - CallRetention;

        /// <summary>
        /// Generates the account's key of a kind (for app tokens, of an app, with its scopes); ActiveKeyExists when it
        /// already has one, NewKeysClosed for a first standard key after the store's NewKeysUntil.
        /// </summary>
        public IssuedKey CreateKey(string account, KeyKind kind, string description, string appName = null, IEnumerable<string> scopes = null)
        {
            KeyPolicy.ValidateAccount(account);
            KeyPolicy.ValidateDescription(description);
            KeyPolicy.ValidateAppTarget(kind, appName, required: true);
            string scope = KeyPolicy.NormalizeScopes(scopes);
            if (kind == KeyKind.AppToken && scope.Length == 0)
            {
                throw Fail.ScopeRequired(appName);
            }

            if (kind != KeyKind.AppToken && scope.Length > 0)
            {
                throw Fail.ScopeNotAllowed(kind);
            }

            var template = new KeyRecord { Account = account, Kind = kind, Description = description ?? string.Empty, AppName = appName ?? string.Empty, Scope = scope };
            EnsureStore();
            return AsSuperAdmin(write: true, account, (tx, actor, now) =>
            {
                SettleExpired(tx, account, kind, appName, now, actor);
                KeyRecord active = KeysOf(tx, account, kind, appName).FirstOrDefault(k => k.StatusAt(now) == KeyStatus.Active);
                if (active != null)
                {
                    throw Fail.ActiveKeyExists(account, kind, appName, active.KeyId);
                }

                DateTimeOffset? newKeysUntil = PolicySettings.ReadDate(tx, PolicySettings.NewKeysUntil);
                if (kind == KeyKind.Standard && now >= newKeysUntil && !tx.HasHadKey(account, KeyKind.Standard))
                {
                    throw Fail.NewKeysClosed(account, newKeysUntil.Value);
                }

                IssuedKey issued = AddNewKey(tx, template, now, actor);
                string what = kind == KeyKind.AppToken ? $"AppToken for app '{appName}' generated with scopes {scope}" : $"{kind} key generated";
                AppendAudit(tx, now, actor, AuditAction.Created, account, issued.Key.KeyId, what);
                return issued;
            });
        }

        /// <summary>Lists keys; a missing store lists nothing.</summary>
        public KeyQueryResult GetKeys(KeyQuery query)
        {
            ValidateQuery(query);
            if (!StoreExists)
            {
                return new KeyQueryResult(Array.Empty<IssuedKey>(), MissingTargets(query, Array.Empty<KeyRecord>()));
            }

            return AsSuperAdmin(write: false, null, (tx, actor, now) =>
            {
                List<KeyRecord> found = FindKeys(tx, query, now);
                return new KeyQueryResult(found.Select(k => new IssuedKey(ToApiKey(k, now), null)).ToList(), MissingTargets(query, found));
            });
        }

        /// <summary>Lists keys with their secrets, writing a Viewed audit row for each key shown.</summary>
        public KeyQueryResult RevealKeys(KeyQuery query)
        {
            ValidateQuery(query);
            RequireStore();
            return AsSuperAdmin(write: true, null, (tx, actor, now) =>
            {
                List<KeyRecord> found = FindKeys(tx, query, now);
                var errors = MissingTargets(query, found).ToList();
                var shown = new List<IssuedKey>();
                bool revealAllowed = RevealAllowed(tx);
                foreach (KeyRecord key in found)
                {
                    string secret = revealAllowed ? SecretProtector.Unprotect(Keys(tx), key.KeyId, key.EncryptedSecret) : null;
                    if (secret == null)
                    {
                        errors.Add(revealAllowed ? Fail.SecretNotKept(key.KeyId) : Fail.RevealDisabled(key.KeyId));
                        continue;
                    }

                    AppendAudit(tx, now, actor, AuditAction.Viewed, key.Account, key.KeyId, $"{key.Kind} key shown");
                    shown.Add(new IssuedKey(ToApiKey(key, now), secret));
                }

                return new KeyQueryResult(shown, errors);
            });
        }

        /// <summary>
        /// Rotates the active key named by <paramref name="keyId"/>, or else the account's active key of the kind: in
        /// one transaction a new key is made and the old one is deactivated at once or, with a grace period, expires then.
        /// </summary>
        public IssuedKey RotateKey(string account, KeyKind kind, string keyId, TimeSpan? gracePeriod, string appName = null)
        {
            TimeSpan grace = gracePeriod ?? TimeSpan.Zero;
            KeyPolicy.ValidateGracePeriod(grace);
            if (keyId == null)
            {
                KeyPolicy.ValidateAccount(account);
                KeyPolicy.ValidateAppTarget(kind, appName, required: true);
            }

            RequireStore();
            return AsSuperAdmin(write: true, account, (tx, actor, now) =>
            {
                KeyRecord old = keyId != null ? tx.GetKey(keyId) ?? throw Fail.KeyNotFound(keyId)
                    : KeysOf(tx, account, kind, appName).FirstOrDefault(k => k.StatusAt(now) == KeyStatus.Active) ?? throw Fail.NoActiveKey(account, kind, appName);
                CheckIntact(tx, old);
                if (old.StatusAt(now) != KeyStatus.Active)
                {
                    throw Fail.KeyNotActive(old.KeyId, old.StatusAt(now));
                }

                // At most one Expiring key per account, kind and app: a rotation inside a grace period ends the earlier one now.
                foreach (KeyRecord earlier in KeysOf(tx, old.Account, old.Kind, old.AppName).Where(k => k.StoredStatus == KeyStatus.Expiring))
                {
                    if (earlier.StatusAt(now) == KeyStatus.Expiring)
                    {
                        Deactivate(tx, earlier, now, actor, $"Grace period cut short by a new rotation of {old.KeyId}");
                    }
                    else
                    {
                        Expire(tx, earlier, actor);
                    }
                }

                old.StoredStatus = grace > TimeSpan.Zero ? KeyStatus.Expiring : KeyStatus.Deactivated;
                old.DeactivatedAt = now + grace;
                old.DeactivatedBy = actor;
                old.ExpiresAt = grace > TimeSpan.Zero ? now + grace : (DateTimeOffset?)null;
                Save(tx, old);

                IssuedKey issued = AddNewKey(tx, old, now, actor);
                string fate = grace > TimeSpan.Zero ? $"keeps verifying until {old.ExpiresAt:u}" : "deactivated at once";
                AppendAudit(tx, now, actor, AuditAction.Rotated, old.Account, issued.Key.KeyId, $"Replaces {old.KeyId}, which {fate}");
                return issued;
            });
        }

        /// <summary>
        /// Deactivates one key by id, or the account's Active key of the kind (and app) together with its Expiring predecessor.
        /// </summary>
        public IReadOnlyList<ApiKey> DisableKeys(string account, KeyKind kind, string keyId, string appName = null)
        {
            if (keyId == null)
            {
                KeyPolicy.ValidateAccount(account);
                KeyPolicy.ValidateAppTarget(kind, appName, required: true);
            }

            RequireStore();
            return AsSuperAdmin(write: true, account, (tx, actor, now) =>
            {
                List<KeyRecord> targets;
                if (keyId != null)
                {
                    KeyRecord key = tx.GetKey(keyId) ?? throw Fail.KeyNotFound(keyId);
                    if (key.StatusAt(now) == KeyStatus.Deactivated)
                    {
                        throw Fail.KeyNotActive(key.KeyId, KeyStatus.Deactivated);
                    }

                    targets = new List<KeyRecord> { key };
                }
                else
                {
                    SettleExpired(tx, account, kind, appName, now, actor);
                    targets = KeysOf(tx, account, kind, appName).Where(k => k.StatusAt(now) != KeyStatus.Deactivated).ToList();
                    if (targets.Count == 0)
                    {
                        throw Fail.NoActiveKey(account, kind, appName);
                    }
                }

                foreach (KeyRecord key in targets)
                {
                    Deactivate(tx, key, now, actor, $"{key.Kind} key deactivated");
                }

                return (IReadOnlyList<ApiKey>)targets.Select(k => ToApiKey(k, now)).ToList();
            });
        }

        /// <summary>Grants a role; the first write to a missing store creates it with the actor as its Super Admin.</summary>
        public AdminRole GrantRole(string user, string role, string email)
        {
            KeyPolicy.ValidateUser(user);
            KeyPolicy.ValidateEmail(email);
            string canonicalRole = Roles.Canonical(role) ?? throw Fail.InvalidRole(role);
            EnsureStore();
            return AsSuperAdmin(write: true, null, (tx, actor, now) =>
            {
                if (tx.GetRoles(canonicalRole).Any(r => SameUser(r.User, user)))
                {
                    throw Fail.RoleAlreadyAssigned(user, canonicalRole);
                }

                var granted = new AdminRole(user, canonicalRole, email, now, actor);
                tx.AddRole(granted);
                AppendAudit(tx, now, actor, AuditAction.RoleGranted, null, null, $"{canonicalRole} granted to {user}");
                return granted;
            });
        }

        /// <summary>Revokes a role; the store's last Super Admin cannot be revoked.</summary>
        public void RevokeRole(string user, string role)
        {
            KeyPolicy.ValidateUser(user);
            string canonicalRole = Roles.Canonical(role) ?? throw Fail.InvalidRole(role);
            RequireStore();
            AsSuperAdmin(write: true, null, (tx, actor, now) =>
            {
                IReadOnlyList<AdminRole> holders = tx.GetRoles(canonicalRole);
                AdminRole held = holders.FirstOrDefault(r => SameUser(r.User, user)) ?? throw Fail.RoleNotAssigned(user, canonicalRole);
                if (canonicalRole == Roles.SuperAdmin && holders.Count == 1)
                {
                    throw Fail.LastSuperAdmin(held.User);
                }

                tx.RemoveRole(held.User, canonicalRole);
                AppendAudit(tx, now, actor, AuditAction.RoleRevoked, null, null, $"{canonicalRole} revoked from {held.User}");
                return 0;
            });
        }

        /// <summary>The role assignments; a missing store has none.</summary>
        public IReadOnlyList<AdminRole> GetRoles()
        {
            if (!StoreExists)
            {
                return Array.Empty<AdminRole>();
            }

            return AsSuperAdmin(write: false, null, (tx, actor, now) => tx.GetRoles(null));
        }

        /// <summary>The store-wide settings.</summary>
        public StorePolicy GetPolicy()
        {
            RequireStore();
            return AsSuperAdmin(write: false, null, (tx, actor, now) => ReadPolicy(tx));
        }

        /// <summary>
        /// Changes the settings <paramref name="change"/> names, in one audited transaction. Reveal = Never erases every
        /// encrypted copy; a new SunsetAt reaches running verifiers as fast as a key change does.
        /// </summary>
        public StorePolicy SetPolicy(StorePolicyChange change)
        {
            change.Validate();
            RequireStore();
            return AsSuperAdmin(write: true, null, (tx, actor, now) =>
            {
                StorePolicy before = ReadPolicy(tx);
                var details = new List<string>();
                if (change.Reveal is RevealPolicy reveal)
                {
                    tx.SetSetting(RevealSetting, reveal.ToString());
                    int erased = reveal == RevealPolicy.Never ? tx.EraseEncryptedSecrets() : 0;
                    details.Add($"Reveal: {before.Reveal} -> {reveal}" + (erased > 0 ? $"; {erased} encrypted copies erased" : string.Empty));
                }

                if (change.ChangesNewKeysUntil)
                {
                    PolicySettings.WriteDate(tx, PolicySettings.NewKeysUntil, change.NewKeysUntil);
                    details.Add($"NewKeysUntil: {PolicySettings.Show(before.NewKeysUntil)} -> {PolicySettings.Show(change.NewKeysUntil)}");
                }

                if (change.ChangesSunsetAt)
                {
                    PolicySettings.WriteDate(tx, PolicySettings.SunsetAt, change.SunsetAt);
                    tx.MarkKeysChanged();
                    details.Add($"SunsetAt: {PolicySettings.Show(before.SunsetAt)} -> {PolicySettings.Show(change.SunsetAt)}");
                }

                AppendAudit(tx, now, actor, AuditAction.PolicyChanged, null, null, string.Join("; ", details));
                return ReadPolicy(tx);
            });
        }

        /// <summary>The banner of key listings: the sunset and how many accounts still call with standard keys; null without a sunset or a store.</summary>
        public SunsetNotice GetSunsetNotice()
        {
            if (!StoreExists)
            {
                return null;
            }

            DateTimeOffset? sunset = AsSuperAdmin(write: false, null, (tx, actor, now) => PolicySettings.ReadDate(tx, PolicySettings.SunsetAt));
            return sunset.HasValue ? Notice(sunset.Value, store.CountCallsByKey(CallRetentionStart)) : null;
        }

        /// <summary>
        /// One row per account that holds a standard key that verifies: its standard-key calls in the past 7 days, its
        /// active app tokens and the days left; not Ready first, then most calls, then by account.
        /// </summary>
        public MigrationReport GetMigrationReport()
        {
            if (!StoreExists)
            {
                return new MigrationReport(Array.Empty<MigrationReportRow>(), null);
            }

            DateTimeOffset at = clock.UtcNow;
            (List<KeyRecord> keys, DateTimeOffset? sunset) = AsSuperAdmin(write: false, null, (tx, actor, now) =>
                (tx.GetKeys(null, null).ToList(), PolicySettings.ReadDate(tx, PolicySettings.SunsetAt)));
            // Counted after the permission check, on the store's own reader: the counts are as of a moment later than the keys.
            IReadOnlyList<KeyCallCount> counts = store.CountCallsByKey(at - CallRetention);
            int? daysLeft = sunset.HasValue ? (int)Math.Floor((sunset.Value - at).TotalDays) : (int?)null;
            var rows = new List<MigrationReportRow>();
            foreach (IGrouping<string, KeyRecord> account in keys.GroupBy(k => k.Account, StringComparer.OrdinalIgnoreCase))
            {
                List<KeyRecord> standard = account.Where(k => k.Kind == KeyKind.Standard).ToList();
                KeyRecord verifying = standard.Where(k => k.StatusAt(at) != KeyStatus.Deactivated).OrderBy(k => k.StatusAt(at)).FirstOrDefault();
                if (verifying == null)
                {
                    continue;
                }

                long calls = counts.Where(c => c.Kind == KeyKind.Standard && SameAccount(c.Account, account.Key)).Sum(c => c.Calls);
                int tokens = account.Count(k => k.Kind == KeyKind.AppToken && k.StatusAt(at) == KeyStatus.Active);
                rows.Add(new MigrationReportRow(verifying.Account, verifying.KeyId, standard.Max(k => k.LastUsedAt), calls, tokens, daysLeft));
            }

            List<MigrationReportRow> sorted = rows.OrderBy(r => r.Ready).ThenByDescending(r => r.CallsLast7Days)
                .ThenBy(r => r.Account, StringComparer.OrdinalIgnoreCase).ToList();
            return new MigrationReport(sorted, sunset.HasValue ? Notice(sunset.Value, counts) : null);
        }

        /// <summary>Streams audit rows as the store reads them, after the permission check.</summary>
        public IEnumerable<AuditEntry> ReadAudit(AuditFilter filter, CancellationToken cancellation)
        {
            if (!StoreExists)
            {
                return Enumerable.Empty<AuditEntry>();
            }

            AsSuperAdmin(write: false, null, (tx, actor, now) => 0);
            return store.ReadAudit(filter, cancellation).Select(row => row.ToEntry());
        }

        /// <summary>Streams the past 7 days' calls as the store reads them, after the permission check.</summary>
        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation)
        {
            if (!StoreExists)
            {
                return Enumerable.Empty<CallRecord>();
            }

            AsSuperAdmin(write: false, null, (tx, actor, now) => 0);
            ClampToRetention(filter);
            return store.ReadCalls(filter, cancellation);
        }

        /// <summary>
        /// Counts the past 7 days' calls per interval and account, split by outcome, in the store; streamed oldest
        /// interval first, after the permission check. Intervals without calls have no row.
        /// </summary>
        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation)
        {
            if (!StoreExists)
            {
                return Enumerable.Empty<CallVolume>();
            }

            AsSuperAdmin(write: false, null, (tx, actor, now) => 0);
            ClampToRetention(filter);
            return store.MeasureCalls(filter, interval, cancellation);
        }

        /// <summary>
        /// The rotation reminders of the active keys as of <paramref name="asOf"/> (default now): the steps due in
        /// (asOf − <paramref name="window"/>, asOf], or every step due by then when the window is null.
        /// </summary>
        public IReadOnlyList<RotationReminder> GetRotationReminders(DateTimeOffset? asOf, TimeSpan? window)
        {
            RotationReminders.ValidateWindow(window);
            if (!StoreExists)
            {
                return Array.Empty<RotationReminder>();
            }

            return AsSuperAdmin(write: false, null, (tx, actor, now) =>
            {
                DateTimeOffset at = asOf ?? now;
                List<ApiKey> keys = tx.GetKeys(null, null).Select(k => ToApiKey(k, at)).ToList();
                return RotationReminders.For(keys, tx.GetRoles(Roles.SuperAdmin), at, window);
            });
        }

        /// <summary>
        /// Copies this store, as a Super Admin of it, into <paramref name="target"/>, which must not exist yet: the source's
        /// chain is verified first; roles, policy and every key (re-encrypted and re-tagged under a data-protection key made
        /// for the target) and the audit rows (re-chained under the target's key) are written in one transaction, ending
        /// with a StoreCopied row that records the source's chain head; then the kept 7 days of calls follow.
        /// </summary>
        public StoreCopy CopyTo(IKeyStore target, CancellationToken cancellation)
        {
            AuditVerification check = VerifyAudit(cancellation);
            if (!check.IsValid)
            {
                throw Fail.SourceAuditInvalid(store.Location, check.Reason);
            }

            if (target.Exists && target.Read(tx => tx.GetSetting(StoreIdSetting)) != null)
            {
                throw Fail.TargetStoreExists(target.Location);
            }

            var source = AsSuperAdmin(write: false, null, (tx, actor, now) =>
                (Roles: tx.GetRoles(null), Keys: tx.GetKeys(null, null), Reveal: tx.GetSetting(RevealSetting), Head: tx.GetAuditHead(), Protection: Keys(tx)));
            foreach (KeyRecord key in source.Keys)
            {
                CheckIntact(source.Protection, key);
            }

            target.EnsureCreated();
            string targetId = Guid.NewGuid().ToString("N");
            var targetKeys = new ProtectionKeys(keyFolder.Create(targetId));
            long auditRows = target.Write(tx =>
            {
                // Another copy may have made the target since the check above.
                if (tx.GetSetting(StoreIdSetting) != null)
                {
                    throw Fail.TargetStoreExists(target.Location);
                }

                tx.SetSetting(StoreIdSetting, targetId);
                tx.SetSetting(RevealSetting, source.Reveal ?? RevealPolicy.Allowed.ToString());
                foreach (AdminRole role in source.Roles)
                {
                    tx.AddRole(role);
                }

                // Oldest first, so that a later key never meets an older Active one of its account and kind half-copied.
                foreach (KeyRecord key in source.Keys.OrderBy(k => k.CreatedAt))
                {
                    string secret = key.EncryptedSecret == null ? null : SecretProtector.Unprotect(source.Protection, key.KeyId, key.EncryptedSecret);
                    key.EncryptedSecret = secret == null ? null : SecretProtector.Protect(targetKeys, key.KeyId, secret);
                    key.Tag = KeyIntegrity.Tag(targetKeys, key);
                    tx.AddKey(key);
                }

                // Rows the source gained after its head was read belong to the source only.
                byte[] previous = AuditHead.Empty.Tag;
                long copied = 0;
                foreach (AuditRecord row in store.ReadAudit(new AuditFilter { OldestFirst = true }, cancellation).TakeWhile(r => r.Sequence <= source.Head.Sequence))
                {
                    row.Tag = AuditChain.Tag(targetKeys.Audit, previous, row);
                    tx.AppendAudit(row);
                    previous = row.Tag;
                    copied = row.Sequence;
                }

                var stamp = new AuditRecord
                {
                    Sequence = copied + 1,
                    Timestamp = clock.UtcNow,
                    Actor = identity.CurrentUser,
                    Action = AuditAction.StoreCopied,
                    Account = string.Empty,
                    KeyId = string.Empty,
                    Detail = $"Copied from {store.Location}; its audit chain verified up to row {source.Head.Sequence}, tag {ToHex(source.Head.Tag)}",
                };
                stamp.Tag = AuditChain.Tag(targetKeys.Audit, previous, stamp);
                tx.AppendAudit(stamp);
                return stamp.Sequence;
            });

            long calls = 0;
            var batch = new List<CallEntry>();
            foreach (CallRecord call in store.ReadCalls(new CallFilter { Since = CallRetentionStart }, cancellation))
            {
                batch.Add(ToEntry(call));
                if (batch.Count == 1000)
                {
                    target.AppendCalls(batch);
                    calls += batch.Count;
                    batch.Clear();
                }
            }

            target.AppendCalls(batch);
            calls += batch.Count;
            return new StoreCopy(store.Location, target.Location, source.Roles.Count, source.Keys.Count, auditRows, calls, source.Head.Sequence);
        }

        /// <summary>
        /// Checks the whole audit chain and its head; names the first row that does not verify.
        /// <paramref name="progress"/>, when given, hears the number of rows checked every <see cref="ProgressInterval"/> rows.
        /// </summary>
        public AuditVerification VerifyAudit(CancellationToken cancellation, Action<long> progress = null)
        {
            RequireStore();
            long headRow = 0;
            long rowsRead = 0;
            AuditVerification result = AsSuperAdmin(write: false, null, (tx, actor, now) =>
            {
                AuditHead head = tx.GetAuditHead();
                headRow = head.Sequence;
                byte[] auditKey = Keys(tx).Audit;
                byte[] previous = AuditHead.Empty.Tag;
                byte[] tagAtHead = head.Sequence == 0 ? previous : null;
                long expected = 1;
                foreach (AuditRecord row in store.ReadAudit(new AuditFilter { OldestFirst = true }, cancellation))
                {
                    if (row.Sequence != expected)
                    {
                        return new AuditVerification(false, expected - 1, expected,
                            row.Sequence > expected ? $"Row {expected} is missing: the next row is {row.Sequence}." : $"Row {row.Sequence} is out of order.");
                    }

                    if (!SecretHash.FixedTimeEquals(AuditChain.Tag(auditKey, previous, row), row.Tag))
                    {
                        return new AuditVerification(false, expected, row.Sequence,
                            $"Row {row.Sequence} does not match its tag: it was altered, or a row before it was.");
                    }

                    previous = row.Tag;
                    if (row.Sequence == head.Sequence)
                    {
                        tagAtHead = row.Tag;
                    }

                    if (expected % ProgressInterval == 0)
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
                return new AuditVerification(true, rows, null, $"All {rows} rows verify.");
            });

            // Rows past the head were committed while the rows streamed, and a head read now records them; a head that still
            // stops short of them was moved back by hand.
            if (result.IsValid && rowsRead > headRow && store.Read(tx => tx.GetAuditHead()).Sequence < rowsRead)
            {
                return new AuditVerification(false, headRow, headRow + 1,
                    $"Rows {headRow + 1} to {rowsRead} verify, but the chain's head records row {headRow}: it was moved back.");
            }

            return result;
        }

        /// <summary>
        /// Values for tab completion: account names, key ids or role holders. A missing store or a user without the
        /// role gets none, and nothing is audited: completion must never prompt, fail or fill the log.
        /// </summary>
        public IReadOnlyList<string> GetCompletionValues(CompletionSubject subject)
        {
            if (!StoreExists)
            {
                return Array.Empty<string>();
            }

            return store.Read(tx =>
            {
                if (!IsSuperAdmin(tx, identity.CurrentUser))
                {
                    return Array.Empty<string>();
                }

                switch (subject)
                {
                    case CompletionSubject.KeyId:
                        return tx.GetKeys(null, null).Select(k => k.KeyId).ToList();
                    case CompletionSubject.User:
                        return tx.GetRoles(null).Select(r => r.User).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    default:
                        return tx.GetAccountNames();
                }
            });
        }

        /// <inheritdoc/>
        public void Dispose() => store.Dispose();

        internal ProtectionKeys Keys(IStoreTransaction tx) =>
            protectionKeys ?? (protectionKeys = new ProtectionKeys(keyFolder.Load(tx.GetSetting(StoreIdSetting), store.Location)));

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

        private static bool SameUser(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

        private static bool IsSuperAdmin(IStoreTransaction tx, string user) => tx.GetRoles(Roles.SuperAdmin).Any(r => SameUser(r.User, user));

        // App names, like account names, match without regard to case (the store's index folds case too).
        private static IEnumerable<KeyRecord> KeysOf(IStoreTransaction tx, string account, KeyKind kind, string appName) =>
            tx.GetKeys(new[] { account }, kind).Where(k => SameAccount(k.AppName, appName ?? string.Empty));

        private SunsetNotice Notice(DateTimeOffset sunset, IReadOnlyList<KeyCallCount> counts) => new SunsetNotice(sunset, clock.UtcNow,
            counts.Where(c => c.Kind == KeyKind.Standard && c.Calls > 0).Select(c => c.Account).Distinct(StringComparer.OrdinalIgnoreCase).Count());

        private static bool RevealAllowed(IStoreTransaction tx) => tx.GetSetting(RevealSetting) != RevealPolicy.Never.ToString();

        private static ApiKey ToApiKey(KeyRecord k, DateTimeOffset now)
        {
            KeyStatus status = k.StatusAt(now);
            return new ApiKey(k.Account, k.KeyId, k.Kind, status, k.Description, k.CreatedAt, k.CreatedBy,
                status == KeyStatus.Deactivated ? k.DeactivatedAt : null, k.DeactivatedBy, k.ExpiresAt, k.LastUsedAt, k.MaskedKey, now,
                appName: k.AppName, scope: k.Scope);
        }

        private static List<KeyRecord> FindKeys(IStoreTransaction tx, KeyQuery query, DateTimeOffset now)
        {
            IEnumerable<KeyRecord> keys = query.KeyId != null
                ? new[] { tx.GetKey(query.KeyId) }.Where(k => k != null && (query.Accounts == null || query.Accounts.Any(a => SameAccount(a, k.Account))))
                : tx.GetKeys(query.Accounts, query.Kind);
            if (query.Kind.HasValue)
            {
                keys = keys.Where(k => k.Kind == query.Kind.Value);
            }

            if (!string.IsNullOrEmpty(query.AppName))
            {
                keys = keys.Where(k => SameAccount(k.AppName, query.AppName));
            }

            if (!query.IncludeInactive && query.KeyId == null)
            {
                keys = keys.Where(k => k.StatusAt(now) != KeyStatus.Deactivated);
            }

            return keys.ToList();
        }

        private static void ValidateQuery(KeyQuery query)
        {
            foreach (string account in query.Accounts ?? Array.Empty<string>())
            {
                KeyPolicy.ValidateAccount(account);
            }

            if (query.Kind.HasValue)
            {
                KeyPolicy.ValidateAppTarget(query.Kind.Value, query.AppName, required: false);
            }
        }

        private static bool SameAccount(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

        private static IReadOnlyList<ApiKeyAdminException> MissingTargets(KeyQuery query, IReadOnlyList<KeyRecord> found)
        {
            var errors = new List<ApiKeyAdminException>();
            if (query.KeyId != null)
            {
                if (found.Count == 0)
                {
                    errors.Add(Fail.KeyNotFound(query.KeyId));
                }
            }
            else if (query.Accounts != null)
            {
                foreach (string account in query.Accounts.Where(a => !found.Any(k => SameAccount(k.Account, a))))
                {
                    errors.Add(query.Kind.HasValue ? (ApiKeyAdminException)Fail.NoActiveKey(account, query.Kind.Value, query.AppName) : Fail.NoKeys(account));
                }
            }

            return errors;
        }

        // Older calls may still wait for the next prune; they are never returned.
        private void ClampToRetention(CallFilter filter)
        {
            DateTimeOffset retentionStart = clock.UtcNow - CallRetention;
            if (filter.Since < retentionStart)
            {
                filter.Since = retentionStart;
            }
        }

        private StorePolicy ReadPolicy(IStoreTransaction tx) =>
            new StorePolicy(store.Location, RevealAllowed(tx) ? RevealPolicy.Allowed : RevealPolicy.Never,
                PolicySettings.ReadDate(tx, PolicySettings.NewKeysUntil), PolicySettings.ReadDate(tx, PolicySettings.SunsetAt));

        /// <summary>Throws StoreNotFound unless the store exists.</summary>
        public void RequireStore()
        {
            if (!StoreExists)
            {
                throw Fail.StoreNotFound(store.Location);
            }
        }

        // True once the store's first write has committed. Rows without the store id mean the id was removed by hand: a new
        // id (and data-protection key) would re-key the store over rows and tags made under the old one, so it is refused.
        private bool HasStoreId(IStoreTransaction tx)
        {
            if (tx.GetSetting(StoreIdSetting) != null)
            {
                return true;
            }

            if (tx.GetAuditHead().Sequence != 0 || tx.GetRoles(null).Count != 0)
            {
                throw Fail.InvalidStore(store.Location, null);
            }

            return false;
        }

        // The first write makes the store; its creator becomes the first Super Admin, in the same transaction.
        private void EnsureStore()
        {
            if (StoreExists)
            {
                return;
            }

            store.EnsureCreated();
            store.Write(tx =>
            {
                if (HasStoreId(tx))
                {
                    return 0;
                }

                string actor = identity.CurrentUser;
                DateTimeOffset now = clock.UtcNow;
                string storeId = Guid.NewGuid().ToString("N");
                protectionKeys = new ProtectionKeys(keyFolder.Create(storeId));
                tx.SetSetting(StoreIdSetting, storeId);
                tx.SetSetting(RevealSetting, RevealPolicy.Allowed.ToString());
                tx.AddRole(new AdminRole(actor, Roles.SuperAdmin, null, now, actor));
                AppendAudit(tx, now, actor, AuditAction.StoreCreated, null, null, $"Store created at {store.Location}");
                AppendAudit(tx, now, actor, AuditAction.RoleGranted, null, null, $"{Roles.SuperAdmin} granted to {actor}, the store's creator");
                return 0;
            });
        }

        // A refusal is audited in a transaction of its own that commits, then reported.
        private T AsSuperAdmin<T>(bool write, string account, Func<IStoreTransaction, string, DateTimeOffset, T> work)
        {
            string actor = identity.CurrentUser;
            bool denied = false;
            Func<IStoreTransaction, T> guarded = tx =>
            {
                if (!IsSuperAdmin(tx, actor))
                {
                    denied = true;
                    return default(T);
                }

                return work(tx, actor, clock.UtcNow);
            };
            T result = write ? store.Write(guarded) : store.Read(guarded);
            if (denied)
            {
                store.Write(tx =>
                {
                    AppendAudit(tx, clock.UtcNow, actor, AuditAction.AccessDenied, account, null, $"{actor} lacks the {Roles.SuperAdmin} role");
                    return 0;
                });
                throw new PermissionDeniedException(actor, Roles.SuperAdmin);
            }

            return result;
        }

        // The new key takes its account, kind, description, app and scopes from the template: the request, or the key it replaces.
        private IssuedKey AddNewKey(IStoreTransaction tx, KeyRecord template, DateTimeOffset now, string actor)
        {
            string secret = KeyFormat.Generate(template.Kind);
            var record = new KeyRecord
            {
                KeyId = KeyFormat.NewKeyId(),
                Account = template.Account,
                Kind = template.Kind,
                AppName = template.AppName,
                Scope = template.Scope,
                StoredStatus = KeyStatus.Active,
                Description = template.Description ?? string.Empty,
                CreatedAt = now,
                CreatedBy = actor,
                SecretHash = SecretHash.Compute(secret),
                MaskedKey = KeyFormat.Mask(secret),
            };
            if (RevealAllowed(tx))
            {
                record.EncryptedSecret = SecretProtector.Protect(Keys(tx), record.KeyId, secret);
            }

            record.Tag = KeyIntegrity.Tag(Keys(tx), record);
            tx.AddKey(record);
            return new IssuedKey(ToApiKey(record, now), secret);
        }

        private void Deactivate(IStoreTransaction tx, KeyRecord key, DateTimeOffset now, string actor, string detail)
        {
            CheckIntact(tx, key);
            key.StoredStatus = KeyStatus.Deactivated;
            key.DeactivatedAt = now;
            key.DeactivatedBy = actor;
            Save(tx, key);
            AppendAudit(tx, now, actor, AuditAction.Deactivated, key.Account, key.KeyId, detail);
        }

        // A grace end needs no write when it passes; the next write that meets the key records it.
        private void Expire(IStoreTransaction tx, KeyRecord key, string actor)
        {
            DateTimeOffset expiredAt = key.ExpiresAt.Value;
            key.StoredStatus = KeyStatus.Deactivated;
            key.DeactivatedAt = expiredAt;
            Save(tx, key);
            AppendAudit(tx, clock.UtcNow, actor, AuditAction.Expired, key.Account, key.KeyId, $"Grace period ended at {expiredAt:u}");
        }

        private void SettleExpired(IStoreTransaction tx, string account, KeyKind kind, string appName, DateTimeOffset now, string actor)
        {
            foreach (KeyRecord key in KeysOf(tx, account, kind, appName).Where(k => k.StoredStatus == KeyStatus.Expiring && k.StatusAt(now) == KeyStatus.Deactivated))
            {
                Expire(tx, key, actor);
            }
        }

        private void Save(IStoreTransaction tx, KeyRecord key)
        {
            key.Tag = KeyIntegrity.Tag(Keys(tx), key);
            tx.UpdateKey(key);
        }

        private void CheckIntact(IStoreTransaction tx, KeyRecord key) => CheckIntact(Keys(tx), key);

        private static void CheckIntact(ProtectionKeys keys, KeyRecord key)
        {
            if (!KeyIntegrity.IsIntact(keys, key))
            {
                throw Fail.IntegrityCheckFailed(key.KeyId);
            }
        }

        private void AppendAudit(IStoreTransaction tx, DateTimeOffset now, string actor, AuditAction action, string account, string keyId, string detail)
        {
            AuditHead head = tx.GetAuditHead();
            var row = new AuditRecord
            {
                Sequence = head.Sequence + 1,
                Timestamp = now,
                Actor = actor,
                Action = action,
                Account = account ?? string.Empty,
                KeyId = keyId ?? string.Empty,
                Detail = detail ?? string.Empty,
            };
            row.Tag = AuditChain.Tag(Keys(tx).Audit, head.Tag, row);
            tx.AppendAudit(row);
        }
    }
}
