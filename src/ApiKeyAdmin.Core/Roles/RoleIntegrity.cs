using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// A role row's integrity tag: a signature by the store's signing key over the whole row. A row written by hand
    /// carries none that verifies, so it grants nothing, and Test-ApiKeyAuditLog reports it.
    /// </summary>
    internal static class RoleIntegrity
    {
        private const string Purpose = "role-row";

        internal static byte[] Tag(RowSigner signer, AdminRole role) => signer.Sign(Purpose, Content(role));

        internal static bool IsIntact(StoreTrust trust, AdminRole role) => trust.Verifies(Purpose, Content(role), role.Tag);

        /// <summary>
        /// The role rows that count: on a signed store those whose tag verifies; on a store not yet signed (made by an
        /// earlier version, whose rows carry no tags) every row, until a Super Admin's first command signs them.
        /// </summary>
        internal static IReadOnlyList<AdminRole> Granted(IStoreTransaction tx, string role, StoreTrust trust) =>
            trust.IsSigned ? tx.GetRoles(role).Where(r => IsIntact(trust, r)).ToList() : tx.GetRoles(role);

        private static byte[] Content(AdminRole role)
        {
            using (var canonical = new Canonical())
            {
                return canonical.Add(role.User).Add(role.Role).Add(role.Email).Add(role.GrantedAt).Add(role.GrantedBy).ToArray();
            }
        }
    }
}
