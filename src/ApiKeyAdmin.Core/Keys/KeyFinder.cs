using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>How key queries and targets are found in a transaction, and what a query that found nothing reports.</summary>
    internal static class KeyFinder
    {
        /// <summary>The keys of an account and kind; app names, like account names, match without regard to case (the store's index folds case too).</summary>
        internal static IEnumerable<KeyRecord> KeysOf(IStoreTransaction tx, string account, KeyKind kind, string appName) =>
            tx.GetKeys(new[] { account }, kind).Where(k => KeyPolicy.SameName(k.AppName, appName ?? string.Empty));

        /// <summary>Throws on a query that names an invalid account or an app with the wrong kind.</summary>
        internal static void Validate(KeyQuery query)
        {
            foreach (string account in query.Accounts ?? Array.Empty<string>())
            {
                KeyPolicy.ValidateAccount(account);
            }

            // Looked up as they are stored.
            query.Accounts = KeyPolicy.NormalizeNames(query.Accounts);
            if (query.KeyId != null)
            {
                KeyPolicy.ValidateKeyId(query.KeyId);
            }

            foreach (KeyKind kind in query.Kinds ?? Array.Empty<KeyKind>())
            {
                KeyPolicy.ValidateAppTarget(kind, query.AppName, required: false);
            }
        }

        /// <summary>The keys a query names, as of <paramref name="now"/>.</summary>
        internal static List<KeyRecord> Find(IStoreTransaction tx, KeyQuery query, DateTimeOffset now)
        {
            KeyKind? onlyKind = query.Kinds?.Count == 1 ? query.Kinds[0] : (KeyKind?)null;
            IEnumerable<KeyRecord> keys = query.KeyId != null
                ? new[] { tx.GetKey(query.KeyId) }.Where(k => k != null && (query.Accounts == null || query.Accounts.Any(a => KeyPolicy.SameName(a, k.Account))))
                : query.AccountMatch == null ? tx.GetKeys(query.Accounts, onlyKind)
                // A pattern can name any account, so every key is read and the names are tested here.
                : tx.GetKeys(null, onlyKind).Where(k => query.AccountMatch(k.Account) || (query.Accounts?.Any(a => KeyPolicy.SameName(a, k.Account)) ?? false));
            if (query.Kinds != null)
            {
                keys = keys.Where(k => query.Kinds.Contains(k.Kind));
            }

            if (!string.IsNullOrEmpty(query.AppName))
            {
                keys = keys.Where(k => KeyPolicy.SameName(k.AppName, query.AppName));
            }

            if (!query.IncludeInactive && query.KeyId == null)
            {
                keys = keys.Where(k => k.StatusAt(now) != KeyStatus.Deactivated);
            }

            return keys.ToList();
        }

        /// <summary>An error for the key id, or for each named account, that the query found no key for.</summary>
        internal static IReadOnlyList<ApiKeyAdminException> MissingTargets(KeyQuery query, IReadOnlyList<KeyRecord> found)
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
                foreach (string account in query.Accounts.Where(a => !found.Any(k => KeyPolicy.SameName(k.Account, a))))
                {
                    errors.Add(query.Kinds?.Count == 1 ? (ApiKeyAdminException)Fail.NoActiveKey(account, query.Kinds[0], query.AppName) : Fail.NoKeys(account));
                }
            }

            return errors;
        }
    }
}
