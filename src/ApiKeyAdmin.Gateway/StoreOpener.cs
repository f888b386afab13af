using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Storage.Sqlite;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>The one place that names the store classes: the store is chosen as the module chooses it.</summary>
    internal static class StoreOpener
    {
        /// <summary>A PostgreSQL store for a connection string (setting or $APIKEYADMIN_CONNECTION), else the SQLite file.</summary>
        internal static IKeyStore Open(GatewaySettings settings)
        {
            string connection = StoreLocation.ResolveConnection(settings.StorePath, settings.ConnectionString);
            return connection != null
                ? new PostgreSqlKeyStore(connection)
                : new SqliteKeyStore(StoreLocation.Resolve(settings.StorePath));
        }
    }
}
