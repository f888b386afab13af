using System.Security.Cryptography;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Audit
{
    /// <summary>
    /// A key row's integrity tag: HMAC over every field that decides whether the key verifies. A row edited by hand,
    /// say to bring a deactivated key back, no longer matches and is refused.
    /// </summary>
    internal static class KeyIntegrity
    {
        internal static byte[] Tag(ProtectionKeys keys, KeyRecord key)
        {
            using (var canonical = new Canonical())
            using (var hmac = new HMACSHA256(keys.KeyRows))
            {
                canonical.Add(key.KeyId).Add(key.Account.ToUpperInvariant()).Add((long)key.Kind).Add((long)key.StoredStatus)
                    .Add(key.CreatedAt).Add(key.DeactivatedAt).Add(key.ExpiresAt).Add(key.SecretHash);
                if (key.Kind == KeyKind.AppToken)
                {
                    // Only tokens carry these, so the tags of keys made before tokens existed stay valid; a scope widened by hand fails.
                    canonical.Add(key.AppName).Add(key.Scope);
                }

                return hmac.ComputeHash(canonical.ToArray());
            }
        }

        internal static bool IsIntact(ProtectionKeys keys, KeyRecord key) => SecretHash.FixedTimeEquals(Tag(keys, key), key.Tag);

        /// <summary>IntegrityCheckFailed unless the row is as ApiKeyAdmin wrote it.</summary>
        internal static void Require(ProtectionKeys keys, KeyRecord key)
        {
            if (!IsIntact(keys, key))
            {
                throw Fail.IntegrityCheckFailed(key.KeyId);
            }
        }
    }
}
