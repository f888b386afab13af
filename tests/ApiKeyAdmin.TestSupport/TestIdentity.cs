using ApiKeyAdmin.Identity;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>An acting user the test sets: the core's identity seam.</summary>
    internal sealed class TestIdentity : IIdentityProvider
    {
        public TestIdentity(string user)
        {
            CurrentUser = user;
        }

        public string CurrentUser { get; set; }
    }
}
