using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Tests
{
    /// <summary>A clock the test sets and moves.</summary>
    internal sealed class TestClock : IClock
    {
        public DateTimeOffset UtcNow { get; set; } = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => UtcNow += by;
    }

    /// <summary>An acting user the test sets: the core's identity seam.</summary>
    internal sealed class TestIdentity : IIdentityProvider
    {
        public TestIdentity(string user)
        {
            CurrentUser = user;
        }

        public string CurrentUser { get; set; }
    }

    /// <summary>
    /// A throwaway store: its own temp folder holding the database and the data-protection key folder, a test clock,
    /// and managers acting as a test user. Pooling is off so that the folder can be deleted at once.
    /// </summary>
    internal sealed class TestStore : IDisposable
    {
        public const string Owner = "alice";

        private readonly List<IDisposable> owned = new List<IDisposable>();
        private ApiKeyManager manager;

        public TestStore()
        {
            Folder = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Core.Tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
            StorePath = Path.Combine(Folder, "data", "apikeys.db");
            KeyFolder = new ProtectionKeyFolder(Path.Combine(Folder, "config", "keys"));
        }

        public string Folder { get; }

        public string StorePath { get; }

        public ProtectionKeyFolder KeyFolder { get; }

        public TestClock Clock { get; } = new TestClock();

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
            NewManager(new SqliteKeyStore(StorePath, options ?? Options()), identity);

        /// <summary>A manager over a store object the test holds on to.</summary>
        public ApiKeyManager NewManager(IKeyStore keyStore, IIdentityProvider identity)
        {
            var created = new ApiKeyManager(keyStore, identity, KeyFolder, Clock);
            lock (owned)
            {
                owned.Add(created);
            }

            return created;
        }

        /// <summary>A plain SQLite connection to the store file, as someone editing it by hand would have.</summary>
        public SqliteConnection Open()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
            connection.Open();
            lock (owned)
            {
                owned.Add(connection);
            }

            return connection;
        }

        /// <summary>Runs SQL on a connection of its own and returns the rows changed.</summary>
        public int Sql(string sql, params (string Name, object Value)[] parameters)
        {
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
            Manager.ReadAudit(new AuditFilter { OldestFirst = true }, CancellationToken.None).ToList();

        public AuditVerification Verify() => Manager.VerifyAudit(CancellationToken.None);

        /// <summary>Every key of an account, deactivated ones included, newest first.</summary>
        public List<ApiKey> KeysOf(string account) =>
            Manager.GetKeys(new KeyQuery { Accounts = new[] { account }, IncludeInactive = true }).Keys.Select(k => k.Key).ToList();

        public ApiKey Key(string keyId) =>
            Manager.GetKeys(new KeyQuery { KeyId = keyId }).Keys.Single().Key;

        /// <summary>Closes every manager and connection the test made, so that the files are quiescent.</summary>
        public void CloseAll()
        {
            lock (owned)
            {
                foreach (IDisposable item in owned)
                {
                    item.Dispose();
                }

                owned.Clear();
                manager = null;
            }
        }

        public void Dispose()
        {
            CloseAll();
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
