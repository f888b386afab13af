using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>Values for tab completion, read without a trace: completion must never prompt, fail or fill the log.</summary>
    public sealed class CompletionSource
    {
        private readonly StoreSession session;

        internal CompletionSource(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>
        /// Account names, key ids (with the key's account, kind and status as tooltip), role holders or logins with
        /// access. A missing store or a user without the role gets none, and nothing is audited.
        /// </summary>
        public IReadOnlyList<CompletionValue> Values(CompletionSubject subject)
        {
            if (!session.Exists)
            {
                return Array.Empty<CompletionValue>();
            }

            DateTimeOffset now = session.Clock.UtcNow;
            return session.ReadQuietly<IReadOnlyList<CompletionValue>>(tx =>
            {
                switch (subject)
                {
                    case CompletionSubject.KeyId:
                        return tx.GetKeys(null, null).Select(k => new CompletionValue(k.KeyId, ToolTip(k, now))).ToList();
                    case CompletionSubject.User:
                        return tx.GetRoles(null).Select(r => r.User).Distinct(StringComparer.OrdinalIgnoreCase).Select(Plain).ToList();
                    case CompletionSubject.Login:
                        return session.Store.AccessControl?.List(tx).Select(g => Plain(g.Login)).ToList() ?? (IReadOnlyList<CompletionValue>)Array.Empty<CompletionValue>();
                    default:
                        return tx.GetAccountNames().Select(Plain).ToList();
                }
            }, Array.Empty<CompletionValue>());
        }

        private static CompletionValue Plain(string value) => new CompletionValue(value, value);

        // What tells one key id from another when several are offered: whose it is, what it is, whether it still verifies.
        private static string ToolTip(KeyRecord key, DateTimeOffset now) =>
            $"{key.Account}, {(key.Kind == KeyKind.AppToken ? $"AppToken '{key.AppName}'" : key.Kind.ToString())}, {key.StatusAt(now)}, {key.MaskedKey}";
    }
}
