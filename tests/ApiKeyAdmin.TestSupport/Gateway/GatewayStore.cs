using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Storage.Sqlite;

namespace ApiKeyAdmin.TestSupport.Gateway
{
    /// <summary>
    /// A throw-away store (SQLite in a temp folder of its own, or PostgreSQL), with its data-protection key where the service will look
    /// for it ($XDG_CONFIG_HOME/ApiKeyAdmin/keys), administered through the core's public API as the module does. The
    /// one file of the tests that names a store class.
    /// </summary>
    internal sealed class GatewayStore : IDisposable, IIdentityProvider
    {
        private readonly ApiKeyManager manager;

        /// <summary>A SQLite store, or a PostgreSQL one on the server a connection string names.</summary>
        internal GatewayStore(string connectionString = null)
        {
            Folder = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Gateway.Tests", Guid.NewGuid().ToString("N"));
            ConfigHome = Path.Combine(Folder, "config");
            StorePath = Path.Combine(Folder, "data", "apikeys.db");
            Directory.CreateDirectory(Path.GetDirectoryName(StorePath));
            ConnectionString = connectionString;
            IKeyStore keyStore = connectionString != null
                ? new PostgreSqlKeyStore(connectionString)
                : new SqliteKeyStore(StorePath, new SqliteStoreOptions { Pooling = false });
            manager = new ApiKeyManager(keyStore, this, new ProtectionKeyFolder(Path.Combine(ConfigHome, "ApiKeyAdmin", "keys")));
        }

        /// <summary>The folder that holds everything of this store.</summary>
        internal string Folder { get; }

        /// <summary>The SQLite file, for $APIKEYADMIN_STORE.</summary>
        internal string StorePath { get; }

        /// <summary>The PostgreSQL store's connection string, or null for a SQLite store.</summary>
        internal string ConnectionString { get; }

        /// <summary>How the service is told about this store: as its users tell it, by environment variables.</summary>
        internal IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
        {
            [ConnectionString != null ? "APIKEYADMIN_CONNECTION" : "APIKEYADMIN_STORE"] = ConnectionString ?? StorePath,
            ["XDG_CONFIG_HOME"] = ConfigHome,
        };

        /// <summary>The service's $XDG_CONFIG_HOME, where the store's data-protection key is.</summary>
        internal string ConfigHome { get; }

        /// <summary>The administrator acting: the store's creator and first Super Admin.</summary>
        public string CurrentUser => "alice";

        /// <summary>A new standard key of an account.</summary>
        internal IssuedKey NewKey(string account) => manager.Keys.Create(account, KeyKind.Standard, "gateway test");

        /// <summary>A new app token with the given scopes.</summary>
        internal IssuedKey NewAppToken(string account, string app, params string[] scopes) =>
            manager.Keys.Create(account, KeyKind.AppToken, "gateway test", app, scopes);

        /// <summary>A well-formed key (its checksum right) that this store never issued.</summary>
        internal string UnknownKey() => KeyFormat.Generate(KeyKind.Standard);

        /// <summary>Rotates an account's standard key; the old one keeps verifying for the grace period.</summary>
        internal IssuedKey Rotate(IssuedKey key, TimeSpan? grace) =>
            manager.Keys.Rotate(key.Key.Account, KeyKind.Standard, key.Key.KeyId, grace);

        /// <summary>Deactivates one key, as Disable-ApiKey -KeyId does.</summary>
        internal void Disable(IssuedKey key) => manager.Keys.Disable(null, key.Key.Kind, key.Key.KeyId, key.Key.AppName);

        /// <summary>Gives a PostgreSQL login access to the store, as Grant-ApiKeyStoreAccess does (the owner's login only).</summary>
        internal void GrantAccess(string login, StoreAccess access) => manager.Access.Grant(login, access);

        /// <summary>The call log, as Get-ApiKeyCallLog reads it (newest first).</summary>
        internal List<CallRecord> Calls(string pathGlob = null) =>
            manager.Logs.ReadCalls(new CallFilter { Since = DateTimeOffset.UtcNow.AddDays(-1), Path = pathGlob == null ? null : PathPattern.Parse(pathGlob) }, CancellationToken.None).ToList();

        /// <summary>
        /// The one call row of a path, looked for until it is there: the service writes its batch every 250 ms, so the
        /// wait is bounded at 10 s only to fail rather than hang.
        /// </summary>
        internal async Task<CallRecord> LoggedCall(string path)
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                CallRecord call = Calls(path).SingleOrDefault();
                if (call != null)
                {
                    return call;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"No call row for {path} within 10 s.");
        }

        public void Dispose()
        {
            manager.Dispose();
            Cleanup.RemoveFolder(Folder);
        }
    }
}
