using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Who holds the store's roles: granting, revoking (never the last Super Admin) and listing, each audited. Only signed
    /// role rows count; a row written by hand is neither listed nor obeyed.
    /// </summary>
    public sealed class RoleAssignments
    {
        private readonly StoreSession session;

        internal RoleAssignments(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>Grants a role; the first write to a missing store creates it with the actor as its Super Admin.</summary>
        public AdminRole Grant(string user, string role, string email)
        {
            KeyPolicy.ValidateUser(user);
            user = KeyPolicy.NormalizeName(user);
            KeyPolicy.ValidateEmail(email);
            string canonicalRole = Roles.Canonical(role) ?? throw Fail.InvalidRole(role);
            session.Ensure();
            return session.Write(Operation.OnStore($"grant the {canonicalRole} role to '{SafeText.Echo(user)}'"), admin =>
            {
                if (admin.Roles(canonicalRole).Any(r => KeyPolicy.SameName(r.User, user)))
                {
                    throw Fail.RoleAlreadyAssigned(user, canonicalRole);
                }

                // A row written by hand for this user grants nothing; the grant replaces it with a signed one.
                admin.Tx.RemoveRole(user, canonicalRole);
                var granted = new AdminRole(user, canonicalRole, email, admin.Now, admin.Actor);
                admin.AddRole(granted);
                admin.Audit(AuditAction.RoleGranted, null, null, $"{canonicalRole} granted to {user}");
                return granted;
            });
        }

        /// <summary>Revokes a role; the store's last Super Admin cannot be revoked.</summary>
        public void Revoke(string user, string role)
        {
            KeyPolicy.ValidateUser(user);
            user = KeyPolicy.NormalizeName(user);
            string canonicalRole = Roles.Canonical(role) ?? throw Fail.InvalidRole(role);
            session.Require();
            session.Write(Operation.OnStore($"revoke the {canonicalRole} role from '{SafeText.Echo(user)}'"), admin =>
            {
                IReadOnlyList<AdminRole> holders = admin.Roles(canonicalRole);
                AdminRole held = holders.FirstOrDefault(r => KeyPolicy.SameName(r.User, user)) ?? throw Fail.RoleNotAssigned(user, canonicalRole);
                if (canonicalRole == Roles.SuperAdmin && holders.Count == 1)
                {
                    throw Fail.LastSuperAdmin(held.User);
                }

                admin.Tx.RemoveRole(held.User, canonicalRole);
                admin.Audit(AuditAction.RoleRevoked, null, null, $"{canonicalRole} revoked from {held.User}");
                return 0;
            });
        }

        /// <summary>The role assignments; a missing store has none.</summary>
        public IReadOnlyList<AdminRole> List()
        {
            if (!session.Exists)
            {
                return Array.Empty<AdminRole>();
            }

            return session.Read(Operation.OnStore("list the admin roles"), admin => admin.Roles(null));
        }
    }
}
