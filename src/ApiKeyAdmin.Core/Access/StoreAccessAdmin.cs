using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Which database logins may verify against or administer a shared store: granting, revoking and listing, each by a
    /// Super Admin and audited. The database enforces the levels with its own privileges, which only the owner of the
    /// store's objects can give, so granting and revoking also need the owner's login. A store without database logins
    /// (SQLite) is NotSupportedForStore.
    /// </summary>
    public sealed class StoreAccessAdmin
    {
        private readonly StoreSession session;

        internal StoreAccessAdmin(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>Gives <paramref name="login"/> exactly the privileges of <paramref name="access"/>, replacing any it had.</summary>
        public StoreAccessGrant Grant(string login, StoreAccess access)
        {
            KeyPolicy.ValidateUser(login);
            if (!Enum.IsDefined(typeof(StoreAccess), access))
            {
                throw new ArgumentOutOfRangeException(nameof(access));
            }

            IStoreAccessControl control = Control("Grant-ApiKeyStoreAccess");
            session.Require();
            return session.Write(Operation.OnStore($"grant {access} access to login '{SafeText.Echo(login)}'"), admin =>
            {
                RequireGrantable(control, admin.Tx, login, "grant access to them");
                var grant = new StoreAccessGrant(login, access, admin.Now, admin.Actor);
                grant.Tag = AccessIntegrity.Tag(session.Signer(admin.Tx), grant);
                control.Grant(admin.Tx, grant);
                admin.Audit(AuditAction.AccessGranted, null, null, $"{access} access granted to login {login}");
                return grant;
            });
        }

        /// <summary>Takes every privilege on the store's objects from <paramref name="login"/>; StoreAccessNotGranted when it had none.</summary>
        public void Revoke(string login)
        {
            KeyPolicy.ValidateUser(login);
            IStoreAccessControl control = Control("Revoke-ApiKeyStoreAccess");
            session.Require();
            session.Write(Operation.OnStore($"revoke the access of login '{SafeText.Echo(login)}'"), admin =>
            {
                RequireGrantable(control, admin.Tx, login, "take access from them");
                if (!control.Revoke(admin.Tx, login))
                {
                    throw Fail.StoreAccessNotGranted(login);
                }

                admin.Audit(AuditAction.AccessRevoked, null, null, $"Access revoked from login {login}");
                return 0;
            });
        }

        /// <summary>The access rows (those of one login when <paramref name="login"/> is given); rows written by hand are left out.</summary>
        public IReadOnlyList<StoreAccessGrant> List(string login)
        {
            IStoreAccessControl control = Control("Get-ApiKeyStoreAccess");
            session.Require();
            return session.Read(Operation.OnStore("list the logins' store access"), admin => AccessIntegrity.Intact(control.List(admin.Tx), admin.Trust)
                .Where(g => login == null || string.Equals(g.Login, login, StringComparison.Ordinal)).ToList());
        }

        private IStoreAccessControl Control(string command) =>
            session.Store.AccessControl ?? throw Fail.NotSupportedForStore(session.Store.Location, command);

        // Only the owner of the objects may grant on them (nobody holds GRANT OPTION); its own privileges are not to give.
        // Logins are the database's roles, whose names are case-sensitive.
        private static void RequireGrantable(IStoreAccessControl control, IStoreTransaction tx, string login, string why)
        {
            StoreLogin actor = control.Login();
            if (!actor.IsOwner)
            {
                throw Fail.StoreOwnerRequired(actor.Name, actor.Owner, why);
            }

            if (string.Equals(login, actor.Owner, StringComparison.Ordinal))
            {
                throw Fail.LoginIsStoreOwner(login);
            }

            if (!control.LoginExists(tx, login))
            {
                throw Fail.LoginNotFound(login);
            }
        }
    }
}
