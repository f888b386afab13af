using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Tests.Storage.PostgreSql;
using ApiKeyAdmin.Verification;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>
    /// A throwaway store for the log, verifier and reminder tests: its own temp folder with the data-protection keys and
    /// a SQLite database, or a schema of its own on the test run's PostgreSQL server, a clock the test moves, and managers acting as any user. Pooling is off so that every
    /// store object has connections of its own and the folder can be deleted at once.
    /// </summary>
    internal sealed class LogTestStore : IDisposable
    {
        /// <summary>The store's creator and first Super Admin.</summary>
        public const string Owner = "alice";

        private readonly List<IDisposable> owned = new List<IDisposable>();
        private ApiKeyManager manager;

        public LogTestStore(StoreKind kind = StoreKind.Sqlite)
        {
            Kind = kind;
            if (kind == StoreKind.PostgreSql)
            {
                // Thrown from a contract test's constructor, this reports the test skipped with the reason.
                Skip.If(PostgreSqlServer.SkipReason != null, PostgreSqlServer.SkipReason);
                Schema = "l_" + Guid.NewGuid().ToString("N");
                ConnectionString = PostgreSqlServer.Instance.ForSchema(Schema);
            }

            Folder = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Core.Tests", "logs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            StorePath = Path.Combine(Folder, "data", "apikeys.db");
            KeyFolder = new ProtectionKeyFolder(Path.Combine(Folder, "config", "keys"));
        }

        public string Folder { get; }

        public StoreKind Kind { get; }

        public string StorePath { get; }

        /// <summary>The PostgreSQL store's connection string (PostgreSQL stores only).</summary>
        public string ConnectionString { get; }

        public string Schema { get; }

        /// <summary>Whether anything of the store was made: its file, or its schema.</summary>
        public bool Made => Kind == StoreKind.PostgreSql
            ? OnPostgreSql($"SELECT count(*) FROM pg_namespace WHERE nspname = '{Schema}'", c => Convert.ToInt64(c.ExecuteScalar())) > 0
            : File.Exists(StorePath);

        public ProtectionKeyFolder KeyFolder { get; }

        public ManualClock Clock { get; } = new ManualClock(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));

        /// <summary>A manager acting as <see cref="Owner"/>, made on first use.</summary>
        public ApiKeyManager Manager => manager ?? (manager = NewManager(Owner));

        /// <summary>A store object of its own over the file: its own connections, as another process would have.</summary>
        public IKeyStore NewStore() => Own(CreateStore());

        /// <summary>A manager of its own acting as <paramref name="user"/>, over its own store object unless given one.</summary>
        public ApiKeyManager NewManager(string user, IKeyStore store = null) =>
            Own(new ApiKeyManager(store ?? NewStore(), new User(user), KeyFolder, Clock));

        /// <summary>A verifier on the test clock over its own store object unless given one.</summary>
        public KeyVerifier NewVerifier(KeyVerifierOptions options = null, IKeyStore store = null)
        {
            options = options ?? new KeyVerifierOptions();
            options.Clock = Clock;
            return Own(new KeyVerifier(store ?? NewStore(), KeyFolder, options));
        }

        /// <summary>Makes the account's standard key as the owner and returns its secret.</summary>
        public IssuedKey CreateKey(string account) => Manager.CreateKey(account, KeyKind.Standard, null);

        /// <summary>Writes call rows straight through a store object, with the timestamps they carry.</summary>
        public void AddCalls(params CallEntry[] calls)
        {
            using (IKeyStore store = CreateStore())
            {
                store.AppendCalls(calls);
            }
        }

        /// <summary>A call at <paramref name="at"/>; with an account, its standard key must exist.</summary>
        public static CallEntry Call(DateTimeOffset at, string account = null, string keyId = null, CallOutcome outcome = CallOutcome.Allowed, string path = "/", string method = "GET") =>
            new CallEntry
            {
                Timestamp = at,
                Account = account,
                KeyId = keyId,
                Kind = account == null ? (KeyKind?)null : KeyKind.Standard,
                Method = method,
                Path = path,
                ClientAddress = "203.0.113.7",
                Outcome = outcome,
                Reason = outcome == CallOutcome.Allowed ? VerificationReason.Valid : account == null ? VerificationReason.Unknown : VerificationReason.Deactivated,
            };

        /// <summary>The first column of the first row of a query, on a plain connection of its own.</summary>
        public long Scalar(string sql)
        {
            if (Kind == StoreKind.PostgreSql)
            {
                return OnPostgreSql(sql, c => Convert.ToInt64(c.ExecuteScalar()));
            }

            using (SqliteConnection connection = Open())
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = sql;
                return Convert.ToInt64(command.ExecuteScalar());
            }
        }

        /// <summary>Runs SQL by hand, as someone editing the file outside ApiKeyAdmin would; returns the rows changed.</summary>
        public int Sql(string sql)
        {
            if (Kind == StoreKind.PostgreSql)
            {
                return OnPostgreSql(sql, c => c.ExecuteNonQuery());
            }

            using (SqliteConnection connection = Open())
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = sql;
                return command.ExecuteNonQuery();
            }
        }

        /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
        public static bool Eventually(Func<bool> condition, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                Thread.Sleep(10);
            }

            return true;
        }

        /// <summary>Closes every manager, store and verifier the test made, so that the file can be replaced.</summary>
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

        public void Dispose()
        {
            CloseAll();
            if (Kind == StoreKind.PostgreSql)
            {
                OnPostgreSql($"DROP SCHEMA IF EXISTS {Schema} CASCADE", c => c.ExecuteNonQuery());
            }

            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind does no harm; the test's own result is what matters.
            }
        }

        private IKeyStore CreateStore() => Kind == StoreKind.PostgreSql
            ? new PostgreSqlKeyStore(ConnectionString)
            : (IKeyStore)new SqliteKeyStore(StorePath, new SqliteStoreOptions { Pooling = false });

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

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        private T Own<T>(T item)
            where T : IDisposable
        {
            lock (owned)
            {
                owned.Add(item);
            }

            return item;
        }

        /// <summary>A clock the test sets and moves.</summary>
        internal sealed class ManualClock : IClock
        {
            private long ticks;

            public ManualClock(DateTimeOffset start)
            {
                ticks = start.UtcTicks;
            }

            public DateTimeOffset UtcNow
            {
                get => new DateTimeOffset(Interlocked.Read(ref ticks), TimeSpan.Zero);
                set => Interlocked.Exchange(ref ticks, value.UtcTicks);
            }

            public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
        }

        /// <summary>An acting user the test names: the core's identity seam.</summary>
        internal sealed class User : IIdentityProvider
        {
            public User(string name)
            {
                CurrentUser = name;
            }

            public string CurrentUser { get; }
        }
    }
}
