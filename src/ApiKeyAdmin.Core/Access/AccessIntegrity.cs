using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Secrets;

namespace ApiKeyAdmin
{
    /// <summary>
    /// An access row's integrity tag: a signature by the store's signing key over the whole row, as role rows carry. The
    /// database's privileges are what it enforces; the row says who gave them and when, and a row written by hand is
    /// not listed.
    /// </summary>
    internal static class AccessIntegrity
    {
        private const string Purpose = "access-row";

        internal static byte[] Tag(RowSigner signer, StoreAccessGrant grant) => signer.Sign(Purpose, Content(grant));

        internal static bool IsIntact(StoreTrust trust, StoreAccessGrant grant) => trust.Verifies(Purpose, Content(grant), grant.Tag);

        /// <summary>The rows whose tag verifies.</summary>
        internal static IReadOnlyList<StoreAccessGrant> Intact(IEnumerable<StoreAccessGrant> rows, StoreTrust trust) =>
            rows.Where(r => IsIntact(trust, r)).ToList();

        private static byte[] Content(StoreAccessGrant grant)
        {
            using (var canonical = new Canonical())
            {
                return canonical.Add(grant.Login).Add((long)grant.Access).Add(grant.GrantedAt).Add(grant.GrantedBy).ToArray();
            }
        }
    }
}
