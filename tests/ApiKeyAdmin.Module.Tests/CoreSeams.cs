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
function New-TestStore([string] $Path, [string] $ConnectionString) {
    if (-not $ConnectionString) { return [ApiKeyAdmin.Storage.Sqlite.SqliteKeyStore]::new($Path) }
    # The PostgreSQL store lives in the module's private load context: let the module load it, then find it there. An
    # unusable schema name makes the module load the store and stop before it reaches the server, so nothing is audited.
    try { $null = Get-ApiKeyAdminRole -ConnectionString 'Search Path=Not-Valid' } catch { }
    $assembly = [System.Runtime.Loader.AssemblyLoadContext]::All.Assemblies.Where({ $_.GetName().Name -eq 'ApiKeyAdmin.Store.PostgreSql' }, 'First')[0]
    [Activator]::CreateInstance($assembly.GetType('ApiKeyAdmin.Storage.PostgreSql.PostgreSqlKeyStore'), @($ConnectionString, $null))
}
function New-TestManager([string] $Path, [string] $ConnectionString, [string] $User, [DateTimeOffset] $Now = [DateTimeOffset]::UtcNow) {
    [ApiKeyAdmin.ApiKeyManager]::new(
        (New-TestStore -Path $Path -ConnectionString $ConnectionString),
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
