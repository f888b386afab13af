using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Audit
{
    /// <summary>What Test-ApiKeyAuditLog finds beside the chain: role rows, access rows and settings that are not as ApiKeyAdmin signed them.</summary>
    internal static class StoreRowCheck
    {
        /// <summary>
        /// What was found, or null when every role row, every access row of a store with database logins
        /// (<paramref name="access"/>, else null) and the settings verify.
        /// </summary>
        internal static string Problem(AdminTransaction admin, IStoreAccessControl access)
        {
            var problems = new List<string>();
            IReadOnlyList<string> edited = SettingsIntegrity.Edited(admin.Tx, admin.Trust);
            if (edited.Count > 0)
            {
                problems.Add($"Settings changed outside ApiKeyAdmin, which commands refuse until they are put back: {string.Join(", ", edited)}.");
            }

            List<string> forged = admin.Tx.GetRoles(null).Where(r => !RoleIntegrity.IsIntact(admin.Trust, r)).Select(r => $"{r.Role} of {r.User}").ToList();
            if (forged.Count > 0)
            {
                problems.Add($"Role rows not written by ApiKeyAdmin grant nothing: {string.Join(", ", forged)}.");
            }

            List<string> unsigned = (access?.List(admin.Tx) ?? Array.Empty<StoreAccessGrant>())
                .Where(g => !AccessIntegrity.IsIntact(admin.Trust, g)).Select(g => g.Login).ToList();
            if (unsigned.Count > 0)
            {
                problems.Add($"Access rows not written by ApiKeyAdmin, which Get-ApiKeyStoreAccess leaves out: {string.Join(", ", unsigned)}.");
            }

            return problems.Count == 0 ? null : string.Join(" ", problems);
        }
    }
}
