using System;
using System.Management.Automation;
using System.Management.Automation.Remoting;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The acting user. On a store whose database authenticates its clients (PostgreSQL) it is the login the connection
    /// authenticated as, read from the store once, and nothing the client could name itself: not $PSSenderInfo, not the
    /// OS user. Otherwise (SQLite) it is the user as the engine knows it: in a remoting or JEA session the connected user
    /// from $PSSenderInfo, which the engine sets read-only (a JEA endpoint's RunAs account owns the store, the connected
    /// user is the actor); otherwise the OS user. A $PSSenderInfo that a user could have made in a local session, one
    /// that is neither read-only nor constant, is ignored.
    /// </summary>
    internal sealed class SessionIdentity : IIdentityProvider
    {
        private readonly Lazy<string> user;

        internal SessionIdentity(PSVariableIntrinsics variables, IKeyStore store)
        {
            IStoreAccessControl control = store.AccessControl;
            user = control != null
                ? new Lazy<string>(() => control.Login().Name)
                : new Lazy<string>(() => ConnectedUser(variables) ?? OsIdentity.Instance.CurrentUser);
        }

        public string CurrentUser => user.Value;

        private static string ConnectedUser(PSVariableIntrinsics variables)
        {
            PSVariable variable = variables.Get("PSSenderInfo");
            if (variable == null || (variable.Options & (ScopedItemOptions.ReadOnly | ScopedItemOptions.Constant)) == 0)
            {
                return null;
            }

            object value = variable.Value is PSObject wrapped ? wrapped.BaseObject : variable.Value;
            string name = (value as PSSenderInfo)?.UserInfo?.Identity?.Name;
            return string.IsNullOrEmpty(name) ? null : name;
        }
    }
}
