using ApiKeyAdmin.Identity;

namespace ApiKeyAdmin.StressHost
{
    /// <summary>The acting user, named on the command line: the core's identity seam, as the tests use it.</summary>
    internal sealed class FixedIdentity : IIdentityProvider
    {
        internal FixedIdentity(string user)
        {
            CurrentUser = user;
        }

        public string CurrentUser { get; }
    }
}
