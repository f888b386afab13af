using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ApiKeyAdmin.Identity;
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
        private bool walOn;

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
        /// <remarks>
        /// A missing or empty file is no store. A store is made whole in one transaction, so a non-empty file without the
        /// schema (another program's database, a text file, a copy whose data was still in its -wal) is InvalidStore, and
        /// a folder is InvalidStore too: never adopted, never written.
        /// </remarks>
        public bool Exists => HasFile && (connection != null || Guard(() =>
        {
            // The commands' own connection is kept only once the version on it was checked, so while it is open the store
            // exists. Otherwise the version is read as commands read it (a read-only connection read a torn file as having
            // no version at all), on a connection that is closed again.
            using (SqliteConnection c = connections.Open(SqliteOpenMode.ReadWrite, synchronousFull: false))
            {
                return Validate(c) > 0;
            }
        }));

        // Checked first, so that asking about a missing store never opens (or creates) a file.
        private bool HasFile => SqliteStoreFile.HasContent(Location);

        /// <inheritdoc/>
        /// <remarks>
        /// The schema is made in one transaction in SQLite's rollback-journal mode, and WAL is switched on only after the
        /// first write (the one that gives the store its id and first Super Admin) committed: in WAL mode a commit reaches
        /// the file itself only at a checkpoint, so a store made in WAL mode was a header without a schema, in the file,
        /// until then, and a plain copy of it (or a first write stopped at that point) could not be told from a foreign
        /// file, or was taken for an empty store and made into a new one.
        /// </remarks>
        public void EnsureCreated()
        {
            if (!File.Exists(Location))
            {
                CreateFile();
            }

            Guard(() =>
            {
                SqliteConnection c = Connection();
                using (SqliteTransaction transaction = c.BeginTransaction(deferred: false))
                {
                    // Under the write lock nobody else can be making the schema, so a file with content but no version is
                    // not a store in the making: it is refused before anything is written to it.
                    int version = CheckVersion(c);
                    if (version == 0 && new FileInfo(Location).Length > 0)
                    {
                        transaction.Rollback();
                        DropConnection();
                        throw Fail.InvalidStore(Location, null);
                    }

                    SqliteStoreFile.RequirePrivate(Location);
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
        /// <remarks>The file's owner is compared with the process's account (its uid on Unix, its SID on Windows).</remarks>
        public bool IsOwnedBy(string user) =>
            KeyPolicy.SameName(user, OsIdentity.Instance.CurrentUser) && FileOwner.Current.IsProcessAccount(Location);

        /// <inheritdoc/>
        public void BackupTo(string destination, bool overwrite) => Guard(() =>
        {
            SqliteBackup.Write(OpenExisting(), Location, destination, overwrite);
            return 0;
        });

        /// <inheritdoc/>
        public T Write<T>(Func<IStoreTransaction, T> work) => Guard(() =>
        {
            SqliteConnection c = OpenExisting();
            using (SqliteTransaction transaction = c.BeginTransaction(deferred: false))
            {
                T result = work(new StoreTransaction(SqliteDialect.Instance, c, transaction));
                transaction.Commit();
                EnsureWal(c);
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
                version = Validate(Connection());
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

        // Once per connection, after a commit: persistent in the file; readers then never block the writer.
        private void EnsureWal(SqliteConnection c)
        {
            if (walOn)
            {
                return;
            }

            using (SqliteCommand wal = c.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }

            walOn = true;
        }

        private void DropConnection()
        {
            connection?.Dispose();
            connection = null;
            walOn = false;
            // PRAGMA data_version counts per connection: a new one's numbers say nothing about the old one's.
            lastDataVersion = -1;
        }

        private SqliteConnection Connection() => connection ?? (connection = connections.Open(SqliteOpenMode.ReadWrite, synchronousFull: true));

        // The checks of a file that is there, before any command uses it: its schema version (0 once a stopped creation was
        // rolled back to an empty file; InvalidStore for content without a schema), and that it is private to its owner.
        private int Validate(SqliteConnection c)
        {
            int version = CheckVersion(c);
            if (version == 0)
            {
                return new FileInfo(Location).Length == 0 ? 0 : throw Fail.InvalidStore(Location, null);
            }

            SqliteStoreFile.RequirePrivate(Location);
            return version;
        }

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
