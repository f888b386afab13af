using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>The acting user as the module takes it on a PostgreSQL store: the login the store authenticated as.</summary>
    internal sealed class StoreLoginIdentity : IIdentityProvider
    {
        internal StoreLoginIdentity(IKeyStore store)
        {
            CurrentUser = store.AccessControl.Login().Name;
        }

        public string CurrentUser { get; }
    }
}
