using System;
using System.Collections.Generic;
using System.Linq;

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
            KeyPolicy.ValidateEmail(email);
            string canonicalRole = Roles.Canonical(role) ?? throw Fail.InvalidRole(role);
            session.Ensure();
            return session.Write(null, admin =>
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

        /// <summary>
        /// Sets the e-mail address of a user's role (empty clears it), keeping when and by whom it was granted; the one way
        /// to give the store's creator, often its only Super Admin, an address for reminders.
        /// </summary>
        public AdminRole SetEmail(string user, string role, string email)
        {
            KeyPolicy.ValidateUser(user);
            KeyPolicy.ValidateEmail(email);
            string canonicalRole = Roles.Canonical(role) ?? throw Fail.InvalidRole(role);
            session.Require();
            return session.Write(null, admin =>
            {
                AdminRole held = admin.Roles(canonicalRole).FirstOrDefault(r => KeyPolicy.SameName(r.User, user)) ?? throw Fail.RoleNotAssigned(user, canonicalRole);
                var changed = new AdminRole(held.User, canonicalRole, email, held.GrantedAt, held.GrantedBy);
                admin.Tx.RemoveRole(held.User, canonicalRole);
                admin.AddRole(changed);
                admin.Audit(AuditAction.RoleChanged, null, null, $"E-mail of {held.User} ({canonicalRole}): {Show(held.Email)} -> {Show(changed.Email)}");
                return changed;
            });
        }

        /// <summary>Revokes a role; the store's last Super Admin cannot be revoked.</summary>
        public void Revoke(string user, string role)
        {
            KeyPolicy.ValidateUser(user);
            string canonicalRole = Roles.Canonical(role) ?? throw Fail.InvalidRole(role);
            session.Require();
            session.Write(null, admin =>
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

        private static string Show(string email) => string.IsNullOrEmpty(email) ? "(none)" : email;

        /// <summary>The role assignments; a missing store has none.</summary>
        public IReadOnlyList<AdminRole> List()
        {
            if (!session.Exists)
            {
                return Array.Empty<AdminRole>();
            }

            return session.Read(admin => admin.Roles(null));
        }
    }
}
