using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Audit
{
    /// <summary>
    /// A key row's integrity tag: a signature by the store's signing key over every field that decides whether the key
    /// verifies (a store not yet signed carries an HMAC under the data-protection key instead). A row edited by hand, say
    /// to bring a deactivated key back, no longer matches and is refused.
    /// </summary>
    internal static class KeyIntegrity
    {
        internal static byte[] Tag(RowSigner signer, KeyRecord key) => signer.Sign(StoreTrust.KeyRowPurpose, Content(key));

        internal static bool IsIntact(StoreTrust trust, KeyRecord key) => trust.Verifies(StoreTrust.KeyRowPurpose, Content(key), key.Tag);

        /// <summary>IntegrityCheckFailed unless the row is as ApiKeyAdmin wrote it.</summary>
        internal static void Require(StoreTrust trust, KeyRecord key)
        {
            if (!IsIntact(trust, key))
            {
                throw Fail.IntegrityCheckFailed(key.KeyId);
            }
        }

        private static byte[] Content(KeyRecord key)
        {
            using (var canonical = new Canonical())
            {
                canonical.Add(key.KeyId).Add(key.Account.ToUpperInvariant()).Add((long)key.Kind).Add((long)key.StoredStatus)
                    .Add(key.CreatedAt).Add(key.DeactivatedAt).Add(key.ExpiresAt).Add(key.SecretHash);
                if (key.Kind == KeyKind.AppToken)
                {
                    // Only tokens carry these, so the tags of keys made before tokens existed stay valid; a scope widened by hand fails.
                    canonical.Add(key.AppName).Add(key.Scope);
                }

                return canonical.ToArray();
            }
        }
    }
}
