using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Keys from generation to deactivation, and the queries over them: one active key per account and kind (and app),
    /// rotation with or without grace, show-again under audit. Each call is one audited transaction.
    /// </summary>
    public sealed class KeyLifecycle
    {
        private readonly StoreSession session;

        internal KeyLifecycle(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>
        /// Generates the account's key of a kind (for app tokens, of an app, with its scopes); ActiveKeyExists when it
        /// already has one, NewKeysClosed for a first standard key after the store's NewKeysUntil.
        /// </summary>
        public IssuedKey Create(string account, KeyKind kind, string description, string appName = null, IEnumerable<string> scopes = null)
        {
            KeyPolicy.ValidateAccount(account);
            account = KeyPolicy.NormalizeName(account);
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
            session.Ensure();
            return session.Write(Operation.OnKey($"create a {kind} key", account), admin =>
            {
                KeyTransitions.SettleExpired(admin, account, kind, appName);
                KeyRecord active = KeyFinder.KeysOf(admin.Tx, account, kind, appName).FirstOrDefault(k => k.StatusAt(admin.Now) == KeyStatus.Active);
                if (active != null)
                {
                    throw Fail.ActiveKeyExists(account, kind, appName, active.KeyId);
                }

                DateTimeOffset? newKeysUntil = StoreSettings.ReadDate(admin.Tx, StoreSettings.NewKeysUntil);
                if (kind == KeyKind.Standard && admin.Now >= newKeysUntil && !admin.Tx.HasHadKey(account, KeyKind.Standard))
                {
                    throw Fail.NewKeysClosed(account, newKeysUntil.Value);
                }

                IssuedKey issued = KeyTransitions.Issue(admin, template);
                string what = kind == KeyKind.AppToken ? $"AppToken for app '{appName}' generated with scopes {scope}" : $"{kind} key generated";
                admin.Audit(AuditAction.Created, account, issued.Key.KeyId, what);
                return issued;
            });
        }

        /// <summary>Lists keys; a missing store lists nothing.</summary>
        public KeyQueryResult List(KeyQuery query)
        {
            KeyFinder.Validate(query);
            if (!session.Exists)
            {
                return new KeyQueryResult(Array.Empty<IssuedKey>(), KeyFinder.MissingTargets(query, Array.Empty<KeyRecord>()));
            }

            return session.Read(Operation.OnKeys("list keys", query.Accounts, query.KeyId), admin =>
            {
                List<KeyRecord> found = KeyFinder.Find(admin.Tx, query, admin.Now);
                return new KeyQueryResult(found.Select(k => new IssuedKey(k.ToApiKey(admin.Now), null)).ToList(), KeyFinder.MissingTargets(query, found));
            });
        }

        /// <summary>
        /// Lists keys with their secrets, writing a Viewed audit row for each key shown. With <paramref name="confirm"/>,
        /// the keys are counted first and it is asked with their number, outside any transaction; false shows nothing
        /// and audits nothing, and true shows those keys and no other, even one that came to match the query since.
        /// </summary>
        public KeyQueryResult Reveal(KeyQuery query, Func<int, bool> confirm = null)
        {
            KeyFinder.Validate(query);
            session.Require();
            Operation operation = Operation.OnKeys("reveal key secrets", query.Accounts, query.KeyId);
            HashSet<string> asked = null;
            if (confirm != null)
            {
                asked = session.Read(operation, admin => new HashSet<string>(KeyFinder.Find(admin.Tx, query, admin.Now).Select(k => k.KeyId), StringComparer.Ordinal));
                if (!confirm(asked.Count))
                {
                    return new KeyQueryResult(Array.Empty<IssuedKey>(), Array.Empty<ApiKeyAdminException>());
                }
            }

            return session.Write(operation, admin =>
            {
                List<KeyRecord> found = KeyFinder.Find(admin.Tx, query, admin.Now);
                var errors = KeyFinder.MissingTargets(query, found).ToList();
                var shown = new List<IssuedKey>();
                if (asked != null)
                {
                    found = found.Where(k => asked.Contains(k.KeyId)).ToList();
                }

                bool revealAllowed = StoreSettings.RevealAllowed(admin.Tx);
                foreach (KeyRecord key in found)
                {
                    string secret = revealAllowed ? SecretProtector.Unprotect(admin.Keys, key.KeyId, key.EncryptedSecret) : null;
                    if (secret == null)
                    {
                        errors.Add(revealAllowed ? Fail.SecretNotKept(key.KeyId) : Fail.RevealDisabled(key.KeyId));
                        continue;
                    }

                    admin.Audit(AuditAction.Viewed, key.Account, key.KeyId, $"{key.Kind} key shown");
                    shown.Add(new IssuedKey(key.ToApiKey(admin.Now), secret));
                }

                return new KeyQueryResult(shown, errors);
            });
        }

        /// <summary>
        /// Rotates the active key named by <paramref name="keyId"/>, or else the account's active key of the kind: in
        /// one transaction a new key is made and the old one is deactivated at once or, with a grace period, expires then.
        /// </summary>
        public IssuedKey Rotate(string account, KeyKind kind, string keyId, TimeSpan? gracePeriod, string appName = null)
        {
            TimeSpan grace = gracePeriod ?? TimeSpan.Zero;
            KeyPolicy.ValidateGracePeriod(grace);
            if (keyId == null)
            {
                KeyPolicy.ValidateAccount(account);
                KeyPolicy.ValidateAppTarget(kind, appName, required: true);
            }
            else
            {
                KeyPolicy.ValidateKeyId(keyId);
            }

            account = KeyPolicy.NormalizeName(account);

            session.Require();
            return session.Write(Operation.OnKey($"rotate a {kind} key", account, keyId), admin =>
            {
                DateTimeOffset now = admin.Now;
                KeyRecord old = keyId != null ? admin.Tx.GetKey(keyId) ?? throw Fail.KeyNotFound(keyId)
                    : KeyFinder.KeysOf(admin.Tx, account, kind, appName).FirstOrDefault(k => k.StatusAt(now) == KeyStatus.Active) ?? throw Fail.NoActiveKey(account, kind, appName);
                admin.CheckIntact(old);
                if (old.StatusAt(now) != KeyStatus.Active)
                {
                    throw Fail.KeyNotActive(old.KeyId, old.StatusAt(now));
                }

                // At most one Expiring key per account, kind and app: a rotation inside a grace period ends the earlier one now.
                foreach (KeyRecord earlier in KeyFinder.KeysOf(admin.Tx, old.Account, old.Kind, old.AppName).Where(k => k.StoredStatus == KeyStatus.Expiring))
                {
                    if (earlier.StatusAt(now) == KeyStatus.Expiring)
                    {
                        KeyTransitions.Deactivate(admin, earlier, $"Grace period cut short by a new rotation of {old.KeyId}");
                    }
                    else
                    {
                        KeyTransitions.Expire(admin, earlier);
                    }
                }

                old.StoredStatus = grace > TimeSpan.Zero ? KeyStatus.Expiring : KeyStatus.Deactivated;
                old.DeactivatedAt = now + grace;
                old.DeactivatedBy = admin.Actor;
                old.ExpiresAt = grace > TimeSpan.Zero ? now + grace : (DateTimeOffset?)null;
                admin.Save(old);

                IssuedKey issued = KeyTransitions.Issue(admin, old);
                string fate = grace > TimeSpan.Zero ? $"keeps verifying until {old.ExpiresAt:u}" : "deactivated at once";
                admin.Audit(AuditAction.Rotated, old.Account, issued.Key.KeyId, $"Replaces {old.KeyId}, which {fate}");
                return issued;
            });
        }

        /// <summary>
        /// Deactivates one key by id, or the account's Active key of the kind (and app) together with its Expiring predecessor.
        /// </summary>
        public IReadOnlyList<ApiKey> Disable(string account, KeyKind kind, string keyId, string appName = null)
        {
            account = KeyPolicy.NormalizeName(account);
            if (keyId != null)
            {
                return DisableExactly(account, new[] { keyId });
            }

            KeyPolicy.ValidateAccount(account);
            KeyPolicy.ValidateAppTarget(kind, appName, required: true);
            session.Require();
            return session.Write(Operation.OnKey($"deactivate the {kind} keys", account), admin =>
            {
                KeyTransitions.SettleExpired(admin, account, kind, appName);
                List<KeyRecord> targets = KeyFinder.KeysOf(admin.Tx, account, kind, appName).Where(k => k.StatusAt(admin.Now) != KeyStatus.Deactivated).ToList();
                if (targets.Count == 0)
                {
                    throw Fail.NoActiveKey(account, kind, appName);
                }

                return DeactivateAll(admin, targets);
            });
        }

        /// <summary>
        /// Deactivates exactly the keys <paramref name="keyIds"/> names (the ones a prompt showed), in one transaction:
        /// each must exist (KeyNotFound) and still verify (KeyNotActive, when another process deactivated or rotated it
        /// without grace meanwhile); when one fails, nothing changes. Grace periods of their accounts' keys of the kind
        /// that ended are recorded, as a disable by account does.
        /// </summary>
        public IReadOnlyList<ApiKey> Disable(IReadOnlyCollection<string> keyIds)
        {
            if (keyIds == null || keyIds.Count == 0)
            {
                throw new ArgumentException("Name at least one key id.", nameof(keyIds));
            }

            return DisableExactly(null, keyIds);
        }

        // A refusal is audited against the account the command named, if any.
        private IReadOnlyList<ApiKey> DisableExactly(string account, IReadOnlyCollection<string> keyIds)
        {
            foreach (string keyId in keyIds)
            {
                KeyPolicy.ValidateKeyId(keyId);
            }

            session.Require();
            return session.Write(Operation.OnKey(keyIds.Count == 1 ? "deactivate a key" : $"deactivate keys {string.Join(", ", keyIds)}", account, keyIds.Count == 1 ? keyIds.First() : null), admin =>
            {
                var targets = new List<KeyRecord>();
                foreach (string keyId in keyIds.Distinct(StringComparer.Ordinal))
                {
                    KeyRecord key = admin.Tx.GetKey(keyId) ?? throw Fail.KeyNotFound(keyId);
                    if (key.StatusAt(admin.Now) == KeyStatus.Deactivated)
                    {
                        throw Fail.KeyNotActive(key.KeyId, KeyStatus.Deactivated);
                    }

                    targets.Add(key);
                }

                // As by account, the write records the grace periods of the targets' account and kind that ended meanwhile.
                foreach (KeyRecord key in targets.GroupBy(k => (Account: k.Account.ToUpperInvariant(), k.Kind, App: k.AppName.ToUpperInvariant())).Select(g => g.First()))
                {
                    KeyTransitions.SettleExpired(admin, key.Account, key.Kind, key.AppName);
                }

                return DeactivateAll(admin, targets);
            });
        }

        private static IReadOnlyList<ApiKey> DeactivateAll(AdminTransaction admin, List<KeyRecord> targets)
        {
            foreach (KeyRecord key in targets)
            {
                KeyTransitions.Deactivate(admin, key, $"{key.Kind} key deactivated");
            }

            return targets.Select(k => k.ToApiKey(admin.Now)).ToList();
        }
    }
}
