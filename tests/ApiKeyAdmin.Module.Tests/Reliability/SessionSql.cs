using System.Collections;
using System.Linq;

namespace ApiKeyAdmin.Module.Tests.Reliability
{
    /// <summary>
    /// Plain SQL against a store from inside a session, as someone editing the file by hand would run it: through the
    /// Microsoft.Data.Sqlite that the module loaded, since this project references no SQLite of its own.
    /// </summary>
    internal static class SessionSql
    {
        private const string Definition = @"
$null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine((Get-Module ApiKeyAdmin).ModuleBase, 'Microsoft.Data.Sqlite.dll'))
function Invoke-Sql([string] $Path, [string] $Sql) {
    $c = [Microsoft.Data.Sqlite.SqliteConnection]::new(""Data Source=$Path;Pooling=False"")
    try { $c.Open(); $cmd = $c.CreateCommand(); $cmd.CommandText = $Sql; $cmd.ExecuteScalar() } finally { $c.Dispose() }
}";

        /// <summary>Defines Invoke-Sql -Path -Sql in the session.</summary>
        internal static void Define(ModuleSession session)
        {
            InvocationResult result = session.Invoke(Definition);
            Xunit.Assert.False(result.HadErrors, result.ToString());
        }

        /// <summary>Runs SQL on the store and returns the first column of the first row.</summary>
        internal static object Run(ModuleSession session, string path, string sql)
        {
            InvocationResult result = session.Invoke("param($P, $S) Invoke-Sql -Path $P -Sql $S", new Hashtable { ["P"] = path, ["S"] = sql });
            Xunit.Assert.False(result.HadErrors, result.ToString());
            return result.Output.SingleOrDefault()?.BaseObject;
        }
    }
}
