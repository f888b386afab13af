using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// A throwaway store: its own temp folder holding the data-protection key folder and, for SQLite, the database; for
    /// PostgreSQL a schema of its own on the test run's server, dropped afterwards. A test clock, and managers acting as
    /// a test user. SQLite pooling is off so that the folder can be deleted at once.
    /// </summary>
    internal class TestStore : IDisposable
    {
        public const string Owner = "alice";

        private readonly List<IDisposable> owned = new List<IDisposable>();
        private ApiKeyManager manager;

        public TestStore(StoreKind kind = StoreKind.Sqlite)
            : this(kind, TestClock.DefaultStart)
        {
        }

        protected TestStore(StoreKind kind, DateTimeOffset clockStart)
        {
            Kind = kind;
            Clock = new TestClock(clockStart);
            if (kind == StoreKind.PostgreSql)
            {
                // Thrown from a contract test's constructor, this reports the test skipped with the reason.
                Skip.If(PostgreSqlServer.SkipReason != null, PostgreSqlServer.SkipReason);
                Schema = "t_" + Guid.NewGuid().ToString("N");
                ConnectionString = PostgreSqlServer.Instance.ForSchema(Schema);
            }

            Folder = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            StorePath = Path.Combine(Folder, "data", "apikeys.db");
            KeyFolder = new ProtectionKeyFolder(Path.Combine(Folder, "config", "keys"));
            HostState = new HostStateFolder(Path.Combine(Folder, "state", "ApiKeyAdmin"));
        }

        public StoreKind Kind { get; }

        public string Folder { get; }

        /// <summary>The SQLite file (SQLite stores only).</summary>
        public string StorePath { get; }

        /// <summary>The PostgreSQL connection string, password included (PostgreSQL stores only).</summary>
        public string ConnectionString { get; }

        /// <summary>The PostgreSQL schema of this store.</summary>
        public string Schema { get; }

        /// <summary>Where the store says it is: the file's path, or the connection string without its password.</summary>
        public string Location => Kind == StoreKind.PostgreSql ? new PostgreSqlKeyStore(ConnectionString).Location : StorePath;

        /// <summary>Whether anything of the store was made: its file, or its schema.</summary>
        public bool Made => Kind == StoreKind.PostgreSql
            ? OnPostgreSql("SELECT count(*) FROM pg_namespace WHERE nspname = current_schema()", c => Convert.ToInt64(c.ExecuteScalar())) > 0
            : File.Exists(StorePath);

        public ProtectionKeyFolder KeyFolder { get; }

        /// <summary>The state folder of the host the test's managers run on: the audit head they have seen.</summary>
        public HostStateFolder HostState { get; }

        public TestClock Clock { get; }

        /// <summary>The acting user of <see cref="Manager"/>; the store's creator unless a test changes it.</summary>
        public TestIdentity Identity { get; } = new TestIdentity(Owner);

        /// <summary>A manager acting as <see cref="Identity"/>, made on first use.</summary>
        public ApiKeyManager Manager => manager ?? (manager = NewManager(Identity));

        public static SqliteStoreOptions Options(TimeSpan? busyTimeout = null)
        {
            var options = new SqliteStoreOptions { Pooling = false };
            if (busyTimeout.HasValue)
            {
                options.BusyTimeout = busyTimeout.Value;
            }

            return options;
        }

        /// <summary>A manager of its own (its own store object and connection) over the same file.</summary>
        public ApiKeyManager NewManager(IIdentityProvider identity, SqliteStoreOptions options = null) =>
            NewManager(NewKeyStore(options), identity);

        /// <summary>A store object of its own (its own connection, or its own connection pool) over the same store.</summary>
        public IKeyStore NewKeyStore(SqliteStoreOptions options = null) => Kind == StoreKind.PostgreSql
            ? new PostgreSqlKeyStore(ConnectionString, new PostgreSqlStoreOptions { BusyTimeout = (options ?? Options()).BusyTimeout })
            : (IKeyStore)new SqliteKeyStore(StorePath, options ?? Options());

        /// <summary>A manager over a store object the test holds on to, on this store's host unless <paramref name="hostState"/> names another.</summary>
        public ApiKeyManager NewManager(IKeyStore keyStore, IIdentityProvider identity, ProtectionKeyFolder keyFolder = null, HostStateFolder hostState = null) =>
            Own(new ApiKeyManager(keyStore, identity, keyFolder ?? KeyFolder, Clock, hostState ?? HostState));

        /// <summary>A plain SQLite connection to the store file, as someone editing it by hand would have.</summary>
        public SqliteConnection Open()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
            connection.Open();
            return Own(connection);
        }

        /// <summary>Runs SQL on a connection of its own and returns the rows changed.</summary>
        public int Sql(string sql, params (string Name, object Value)[] parameters)
        {
            if (Kind == StoreKind.PostgreSql)
            {
                return OnPostgreSql(sql, command =>
                {
                    foreach ((string name, object value) in parameters)
                    {
                        command.Parameters.AddWithValue(name.TrimStart('@'), value);
                    }

                    return command.ExecuteNonQuery();
                });
            }

            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString()))
            {
                connection.Open();
                using (SqliteCommand command = connection.CreateCommand())
                {
                    command.CommandText = sql;
                    foreach ((string name, object value) in parameters)
                    {
                        command.Parameters.AddWithValue(name, value);
                    }

                    return command.ExecuteNonQuery();
                }
            }
        }

        /// <summary>The first column of the first row of a query, on a connection of its own.</summary>
        public long Count(string sql)
        {
            if (Kind == StoreKind.PostgreSql)
            {
                return OnPostgreSql(sql, command => Convert.ToInt64(command.ExecuteScalar()));
            }

            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString()))
            {
                connection.Open();
                using (SqliteCommand command = connection.CreateCommand())
                {
                    command.CommandText = sql;
                    return Convert.ToInt64(command.ExecuteScalar());
                }
            }
        }

        /// <summary>The audit log, oldest first, read as the store's owner.</summary>
        public List<AuditEntry> Audit() =>
            Manager.Logs.ReadAudit(new AuditFilter { OldestFirst = true }, CancellationToken.None).ToList();

        // Runs SQL on a connection of its own in the store's schema, as someone with psql would.
        private T OnPostgreSql<T>(string sql, Func<NpgsqlCommand, T> run)
        {
            using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString))
            {
                connection.Open();
                using (var command = new NpgsqlCommand(sql, connection))
                {
                    return run(command);
                }
            }
        }

        public AuditVerification Verify() => Manager.Audit.Verify(CancellationToken.None);

        /// <summary>Every key of an account, deactivated ones included, newest first.</summary>
        public List<ApiKey> KeysOf(string account) =>
            Manager.Keys.List(new KeyQuery { Accounts = new[] { account }, IncludeInactive = true }).Keys.Select(k => k.Key).ToList();

        public ApiKey Key(string keyId) =>
            Manager.Keys.List(new KeyQuery { KeyId = keyId }).Keys.Single().Key;

        /// <summary>Closes every manager, store, verifier and connection the test made, so that the files are quiescent.</summary>
        public void CloseAll()
        {
            lock (owned)
            {
                // Newest first: a verifier flushes through its store before that store is closed.
                for (int i = owned.Count - 1; i >= 0; i--)
                {
                    owned[i].Dispose();
                }

                owned.Clear();
                manager = null;
            }
        }

        /// <summary>Closes <paramref name="item"/> with the rest when the test ends.</summary>
        protected T Own<T>(T item)
            where T : IDisposable
        {
            lock (owned)
            {
                owned.Add(item);
            }

            return item;
        }

        public void Dispose()
        {
            CloseAll();
            if (Kind == StoreKind.PostgreSql)
            {
                OnPostgreSql($"DROP SCHEMA IF EXISTS {Schema} CASCADE", command => command.ExecuteNonQuery());
            }

            try
            {
                if (!OperatingSystem.IsWindows())
                {
                    // Permission tests leave read-only folders, which only root could empty as they are.
                    foreach (string folder in Directory.GetDirectories(Folder, "*", SearchOption.AllDirectories))
                    {
                        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    }
                }

                Directory.Delete(Folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A temp folder left behind does no harm; the test's own result is what matters.
            }
        }
    }
}
