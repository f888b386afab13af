using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ApiKeyAdmin.Secrets;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// The embedded store: one SQLite file in WAL mode, private to its owner. Writes run in BEGIN IMMEDIATE
    /// transactions so that concurrent writers queue on SQLite's busy handler instead of failing; a writer that waits
    /// longer than the busy timeout gets StoreLocked with nothing changed.
    /// </summary>
    public sealed class SqliteKeyStore : IKeyStore
    {
        private readonly SqliteConnections connections;
        private readonly SqliteQueries queries;
        private readonly SqliteCallWriter callWriter;
        private SqliteConnection connection;
        private long lastDataVersion = -1;
        private long keyGeneration;

        /// <summary>A store at <paramref name="path"/>; nothing is opened until first use.</summary>
        public SqliteKeyStore(string path, SqliteStoreOptions options = null)
        {
            connections = new SqliteConnections(Path.GetFullPath(path), options ?? new SqliteStoreOptions());
            queries = new SqliteQueries(connections, () => HasFile, DropConnection);
            callWriter = new SqliteCallWriter(connections);
        }

        /// <inheritdoc/>
        public string Location => connections.Location;

        /// <inheritdoc/>
        /// <remarks>None: the file's permissions are the store's access control, and the OS user is the actor.</remarks>
        public IStoreAccessControl AccessControl => null;

        /// <inheritdoc/>
        public string Engine => "SQLite";

        /// <inheritdoc/>
        public int SchemaVersion => SqliteSchema.CurrentVersion;

        /// <inheritdoc/>
        /// <remarks>A file that SQLite has not yet given a schema version (empty, being created, or another program's) is no store.</remarks>
        public bool Exists => HasFile && (connection != null || Guard(() =>
        {
            // The commands' own connection is kept only once the version on it was checked, so while it is open the store
            // exists. Otherwise the version is read as commands read it (a read-only connection read a torn file as having
            // no version at all), on a connection that is closed again.
            using (SqliteConnection c = connections.Open(SqliteOpenMode.ReadWrite, synchronousFull: false))
            {
                return SqliteSchema.ReadVersion(c) > 0;
            }
        }));

        // Checked first, so that asking about a missing store never opens (or creates) a file.
        private bool HasFile
        {
            get
            {
                var file = new FileInfo(Location);
                return file.Exists && file.Length > 0;
            }
        }

        /// <inheritdoc/>
        public void EnsureCreated()
        {
            if (!File.Exists(Location))
            {
                CreateFile();
            }

            Guard(() =>
            {
                SqliteConnection c = Connection();
                if (SqliteSchema.IsForeign(c))
                {
                    // Another program's database: refused before anything is written to it.
                    DropConnection();
                    throw Fail.InvalidStore(Location, null);
                }

                using (SqliteCommand wal = c.CreateCommand())
                {
                    // Persistent in the file; readers then never block the writer.
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    wal.ExecuteNonQuery();
                }

                using (SqliteTransaction transaction = c.BeginTransaction(deferred: false))
                {
                    int version = CheckVersion(c);
                    if (version < SqliteSchema.CurrentVersion)
                    {
                        SqliteSchema.Migrate(c, transaction, version);
                    }

                    transaction.Commit();
                }

                return 0;
            });
        }

        /// <inheritdoc/>
        public T Write<T>(Func<IStoreTransaction, T> work) => Guard(() =>
        {
            SqliteConnection c = OpenExisting();
            using (SqliteTransaction transaction = c.BeginTransaction(deferred: false))
            {
                T result = work(new StoreTransaction(SqliteDialect.Instance, c, transaction));
                transaction.Commit();
                return result;
            }
        });

        /// <inheritdoc/>
        public T Read<T>(Func<IStoreTransaction, T> work) => Guard(() =>
        {
            SqliteConnection c = OpenExisting();
            using (SqliteTransaction transaction = c.BeginTransaction(deferred: true))
            {
                return work(new StoreTransaction(SqliteDialect.Instance, c, transaction));
            }
        });

        /// <inheritdoc/>
        public IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation) => queries.ReadAudit(filter, cancellation);

        /// <inheritdoc/>
        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation) => queries.ReadCalls(filter, cancellation);

        /// <inheritdoc/>
        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation) =>
            queries.MeasureCalls(filter, interval, cancellation);

        /// <inheritdoc/>
        public IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since) => queries.CountCallsByKey(since);

        /// <inheritdoc/>
        public void AppendCalls(IReadOnlyList<CallEntry> calls) => callWriter.Append(calls);

        /// <inheritdoc/>
        public int PruneCalls(DateTimeOffset before, int maxRows) => callWriter.Prune(before, maxRows);

        /// <inheritdoc/>
        public KeyRecord FindKeyByHash(byte[] secretHash) =>
            Guard(() => new StoreTransaction(SqliteDialect.Instance, OpenExisting(), null).FindKeyByHash(secretHash));

        /// <inheritdoc/>
        /// <remarks>
        /// PRAGMA data_version is a cheap first gate (it moves on any other connection's commit, call rows included);
        /// only then is the key generation read, which moves only when keys change.
        /// </remarks>
        public long ChangeCounter() => Guard(() =>
        {
            SqliteConnection c = OpenExisting();
            using (var command = new SqliteCommand("PRAGMA data_version;", c))
            {
                long dataVersion = Convert.ToInt64(command.ExecuteScalar());
                if (dataVersion == lastDataVersion)
                {
                    return keyGeneration;
                }

                command.CommandText = "SELECT CAST(value AS INTEGER) FROM settings WHERE name = '" + SqliteDialect.KeyGenerationSetting + "'";
                object generation = command.ExecuteScalar();
                keyGeneration = generation == null || generation is DBNull ? 0 : Convert.ToInt64(generation);
                lastDataVersion = dataVersion;
                return keyGeneration;
            }
        });

        /// <inheritdoc/>
        /// <remarks>SQLite has no way to announce a commit to other processes: verifiers poll the counter.</remarks>
        public void WaitForChange(TimeSpan timeout, CancellationToken cancellation) => cancellation.WaitHandle.WaitOne(timeout);

        /// <inheritdoc/>
        public void Dispose()
        {
            DropConnection();
            callWriter.Dispose();
        }

        private void CreateFile()
        {
            try
            {
                PrivateFiles.EnsureFolder(Path.GetDirectoryName(Location));
                PrivateFiles.CreateNew(Location).Dispose();
            }
            catch (IOException) when (File.Exists(Location))
            {
                // Another process created it first; both go on to the same schema check.
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                throw Fail.StoreNotWritable(Location, ex);
            }
        }

        private SqliteConnection OpenExisting()
        {
            if (connection != null)
            {
                return connection;
            }

            if (!HasFile)
            {
                throw Fail.StoreNotFound(Location);
            }

            int version;
            try
            {
                version = CheckVersion(Connection());
            }
            catch (ApiKeyAdminException)
            {
                DropConnection();
                throw;
            }

            if (version == 0)
            {
                DropConnection();
                throw Fail.StoreNotFound(Location);
            }

            if (version < SqliteSchema.CurrentVersion)
            {
                EnsureCreated();
            }

            return connection;
        }

        private void DropConnection()
        {
            connection?.Dispose();
            connection = null;
            // PRAGMA data_version counts per connection: a new one's numbers say nothing about the old one's.
            lastDataVersion = -1;
        }

        private SqliteConnection Connection() => connection ?? (connection = connections.Open(SqliteOpenMode.ReadWrite, synchronousFull: true));

        private int CheckVersion(SqliteConnection c)
        {
            int version = SqliteSchema.ReadVersion(c);
            if (version > SqliteSchema.CurrentVersion)
            {
                throw Fail.StoreVersionTooNew(Location, version, SqliteSchema.CurrentVersion);
            }

            return version;
        }

        private T Guard<T>(Func<T> action) => connections.Guard(action, DropConnection);
    }
}
