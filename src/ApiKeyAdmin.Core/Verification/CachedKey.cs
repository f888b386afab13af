using System;
using System.Collections.Generic;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>A verifier's memory of one key hash: the intact record (or null for no key) and its answers.</summary>
    internal sealed class CachedKey
    {
        private readonly HashSet<string> scopes;

        internal CachedKey(KeyRecord record, long epoch)
        {
            Record = record;
            Epoch = epoch;
            scopes = new HashSet<string>((record?.Scope ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            if (record != null)
            {
                Valid = new VerificationResult(true, record.Account, record.KeyId, record.Kind, VerificationReason.Valid, record.AppName, record.Scope);
            }
        }

        /// <summary>The key row, or null when no intact key has this hash.</summary>
        internal KeyRecord Record { get; }

        /// <summary>The change epoch the record was read in; an entry of an earlier epoch is read again.</summary>
        internal long Epoch { get; }

        /// <summary>The answer while the key verifies.</summary>
        internal VerificationResult Valid { get; }

        /// <summary>True when the key's scope holds every one of <paramref name="required"/>.</summary>
        internal bool HoldsAll(IReadOnlyCollection<string> required)
        {
            foreach (string scope in required)
            {
                if (!scopes.Contains(scope))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
