using System.Management.Automation;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Builds the store and the core that a command works on, in one place for the cmdlets, Copy-ApiKeyStore, tab
    /// completion and the module's tests: -StorePath or -ConnectionString (else the environment variables, else the
    /// per-user file) picks a SQLite or a PostgreSQL store, and a relative path follows PowerShell's location.
    /// </summary>
    public static class StoreFactory
    {
        /// <summary>A new store object for the store that the two parameters name; nothing is opened yet.</summary>
        public static IKeyStore NewStore(SessionState session, string storePath, string connectionString)
        {
            string connection = StoreLocation.ResolveConnection(storePath, connectionString);
            if (connection != null)
            {
                return PostgreSqlStoreLoader.Create(connection);
            }

            // Relative paths follow PowerShell's location, not the process's working folder.
            string path = string.IsNullOrEmpty(storePath) ? null : session.Path.GetUnresolvedProviderPathFromPSPath(storePath);
            return new SqliteKeyStore(StoreLocation.Resolve(path));
        }

        /// <summary>
        /// The core over <paramref name="store"/>, acting as the store's authenticated login where it has one (PostgreSQL),
        /// else as the session's user, with the OS user's protection keys and host state.
        /// </summary>
        public static ApiKeyManager NewManager(SessionState session, IKeyStore store) =>
            new ApiKeyManager(store, new SessionIdentity(session.PSVariable, store), ProtectionKeyFolder.ForCurrentUser(), null, HostStateFolder.ForCurrentUser());
    }
}
