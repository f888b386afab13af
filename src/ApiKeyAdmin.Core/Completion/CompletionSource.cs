using System;
using System.Collections.Generic;
using System.Linq;

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
        /// Account names, key ids, role holders or logins with access. A missing store or a user without the role gets none, and nothing is
        /// audited.
        /// </summary>
        public IReadOnlyList<string> Values(CompletionSubject subject)
        {
            if (!session.Exists)
            {
                return Array.Empty<string>();
            }

            return session.ReadQuietly(tx =>
            {
                switch (subject)
                {
                    case CompletionSubject.KeyId:
                        return tx.GetKeys(null, null).Select(k => k.KeyId).ToList();
                    case CompletionSubject.User:
                        return tx.GetRoles(null).Select(r => r.User).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    case CompletionSubject.Login:
                        return session.Store.AccessControl?.List(tx).Select(g => g.Login).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>();
                    default:
                        return tx.GetAccountNames();
                }
            }, Array.Empty<string>());
        }
    }
}
