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
            return session.Write(Operation.OnStore($"change the e-mail address of {canonicalRole} '{SafeText.Echo(user)}'"), admin =>
            {
                AdminRole held = admin.Roles(canonicalRole).FirstOrDefault(r => KeyPolicy.SameName(r.User, user)) ?? throw Fail.RoleNotAssigned(user, canonicalRole);
                var changed = new AdminRole(held.User, canonicalRole, email, held.GrantedAt, held.GrantedBy);
                admin.Tx.RemoveRole(held.User, canonicalRole);
                admin.AddRole(changed);
                admin.Audit(AuditAction.RoleChanged, null, null, $"E-mail of {held.User} ({canonicalRole}): {Show(held.Email)} -> {Show(changed.Email)}");
                return changed;
            });
        }

        /// <summary>
        /// Revokes a role; the store's last Super Admin cannot be revoked, nor can Super Admins revoke themselves while no
        /// other Super Admin has ever acted on the store.
        /// </summary>
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

                // A Super Admin who revokes themselves leaves the store to the others; a name granted by mistake, which never
                // used the store, would leave it to nobody.
                if (canonicalRole == Roles.SuperAdmin && KeyPolicy.SameName(held.User, admin.Actor)
                    && !holders.Any(h => !KeyPolicy.SameName(h.User, held.User) && admin.Tx.HasActed(h.User)))
                {
                    throw Fail.LastActingSuperAdmin(held.User, holders.Where(h => !KeyPolicy.SameName(h.User, held.User)).Select(h => h.User));
                }

                admin.Tx.RemoveRole(held.User, canonicalRole);
                admin.Audit(AuditAction.RoleRevoked, null, null, $"{canonicalRole} revoked from {held.User}");
                return 0;
            });
        }

        private static string Show(string email) => string.IsNullOrEmpty(email) ? "(none)" : email;

        /// <summary>
        /// Gives the acting user the Super Admin role because they own the store (the OS account that owns the SQLite file,
        /// or the login that owns the PostgreSQL schema), whoever holds the role now: the audited way back into a store
        /// whose Super Admins are gone. NotStoreOwner for anyone else.
        /// </summary>
        public AdminRole Recover(string email)
        {
            KeyPolicy.ValidateEmail(email);
            session.Require();
            return session.WriteAsOwner(admin =>
            {
                if (admin.Roles(Roles.SuperAdmin).Any(r => KeyPolicy.SameName(r.User, admin.Actor)))
                {
                    throw Fail.RoleAlreadyAssigned(admin.Actor, Roles.SuperAdmin);
                }

                admin.Tx.RemoveRole(admin.Actor, Roles.SuperAdmin);
                var granted = new AdminRole(admin.Actor, Roles.SuperAdmin, email, admin.Now, admin.Actor);
                admin.AddRole(granted);
                admin.Audit(AuditAction.AccessRecovered, null, null, $"{Roles.SuperAdmin} granted to {admin.Actor}, the store's owner, by recovery");
                return granted;
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
