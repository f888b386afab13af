using System;
using System.Collections;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>
    /// Acting as another user, or at another time, through the core's own seams (an identity provider and a clock
    /// handed to ApiKeyManager), driven from script in the session: the module itself reads nothing a test could set.
    /// </summary>
    internal static class CoreSeams
    {
        private const string Definitions = @"
class TestClock : ApiKeyAdmin.IClock {
    [DateTimeOffset] $UtcNow
    TestClock([DateTimeOffset] $now) { $this.UtcNow = $now }
}
class TestUser : ApiKeyAdmin.Identity.IIdentityProvider {
    [string] $CurrentUser
    TestUser([string] $user) { $this.CurrentUser = $user }
}
function New-TestManager([string] $Path, [string] $ConnectionString, [string] $User, [DateTimeOffset] $Now = [DateTimeOffset]::UtcNow) {
    # The store as the commands build it: the session's PostgreSQL store when it has one, else its SQLite file.
    $storePath = if (-not $ConnectionString) { $Path }
    [ApiKeyAdmin.ApiKeyManager]::new(
        [ApiKeyAdmin.StoreFactory]::NewStore($ExecutionContext.SessionState, $storePath, $ConnectionString),
        [TestUser]::new($User),
        [ApiKeyAdmin.Secrets.ProtectionKeyFolder]::ForCurrentUser(),
        [TestClock]::new($Now))
}";

        /// <summary>Defines TestClock, TestUser and New-TestManager in the session (the module's types must be loaded first).</summary>
        internal static void Define(ModuleSession session)
        {
            InvocationResult result = session.Invoke(Definitions);
            if (result.HadErrors)
            {
                throw new InvalidOperationException("Defining the test seams failed:\n" + result);
            }
        }

        /// <summary>Runs <paramref name="script"/> with a manager acting as <paramref name="user"/> at <paramref name="now"/> bound to $m.</summary>
        internal static InvocationResult AsUser(ModuleSession session, string user, string script, DateTimeOffset? now = null) =>
            session.Invoke(
                "param($Path, $Connection, $User, $Now) $m = New-TestManager -Path $Path -ConnectionString $Connection -User $User -Now $Now; " +
                "try { " + script + " } finally { $m.Dispose() }",
                new Hashtable { ["Path"] = session.StorePath, ["Connection"] = session.ConnectionString, ["User"] = user, ["Now"] = now ?? DateTimeOffset.UtcNow });
    }
}
