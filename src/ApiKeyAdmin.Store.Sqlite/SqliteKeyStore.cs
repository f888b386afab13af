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
        private readonly SqliteStoreOptions options;
        private readonly object callWriterLock = new object();
        private SqliteConnection connection;
        private SqliteConnection callWriter;
        private CallStatements callStatements;
        private long lastDataVersion = -1;
        private long keyGeneration;

        /// <summary>A store at <paramref name="path"/>; nothing is opened until first use.</summary>
        public SqliteKeyStore(string path, SqliteStoreOptions options = null)
        {
            Location = Path.GetFullPath(path);
            this.options = options ?? new SqliteStoreOptions();
        }

        /// <inheritdoc/>
        public string Location { get; }

        /// <inheritdoc/>
        public bool Exists
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
        public IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation)
        {
            var command = new SqliteCommand();
            command.CommandText = StoreQueries.Audit(SqliteDialect.Instance, command, filter);
            return Stream(command, StoreRows.ReadAudit, cancellation);
        }

        /// <inheritdoc/>
        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation)
        {
            var command = new SqliteCommand();
            SqlConditions where = StoreQueries.Calls(SqliteDialect.Instance, command, filter);
            // No joins: account names and key ids come from CallNames, looked up once per query for each id seen.
            command.CommandText =
                "SELECT c.ts, c.account_id, c.key_row, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint " +
                "FROM calls c" + where + " ORDER BY c.ts DESC, c.id DESC" + where.Limit(filter.First);
            return Stream(command, c => new CallNames(c), ReadCall, cancellation);
        }

        /// <inheritdoc/>
        /// <remarks>
        /// Integer division of the millisecond timestamp by the interval's width gives the bucket, so SQLite groups on
        /// the calls_ts range it reads and hands back only one row per interval and account.
        /// </remarks>
        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation)
        {
            var command = new SqliteCommand();
            SqlConditions where = StoreQueries.Calls(SqliteDialect.Instance, command, filter);
            command.Parameters.AddWithValue("@width", StoreQueries.IntervalMs(interval));
            command.Parameters.AddWithValue("@allowed", (int)CallOutcome.Allowed);
            command.CommandText =
                "SELECT (c.ts / @width) * @width AS bucket, a.name, " +
                "SUM(CASE WHEN c.outcome = @allowed THEN 1 ELSE 0 END), SUM(CASE WHEN c.outcome = @allowed THEN 0 ELSE 1 END) " +
                "FROM calls c LEFT JOIN accounts a ON a.id = c.account_id" + where +
                " GROUP BY bucket, c.account_id ORDER BY bucket, a.name";
            return Stream(command, StoreRows.ReadVolume, cancellation);
        }

        /// <inheritdoc/>
        public IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since)
        {
            var command = new SqliteCommand(
                "SELECT k.key_id, a.name, k.kind, COUNT(*) FROM calls c JOIN keys k ON k.id = c.key_row JOIN accounts a ON a.id = k.account_id " +
                "WHERE c.ts >= @since GROUP BY c.key_row ORDER BY a.name, k.key_id");
            command.Parameters.AddWithValue("@since", UnixTime.ToMs(since));
            return new List<KeyCallCount>(Stream(command, r => new KeyCallCount(r.GetString(0), r.GetString(1), (KeyKind)StoreRows.Int32(r, 2), r.GetInt64(3)), CancellationToken.None));
        }

        /// <inheritdoc/>
        /// <remarks>
        /// One prepared insert per connection, reused for every batch, with account and key row ids looked up once per
        /// name and remembered: accounts and keys are never deleted, so their row ids never change.
        /// </remarks>
        public void AppendCalls(IReadOnlyList<CallEntry> calls)
        {
            if (calls.Count == 0)
            {
                return;
            }

            lock (callWriterLock)
            {
                Guard(() =>
                {
                    CallStatements s = CallWriter();
                    using (SqliteTransaction transaction = callWriter.BeginTransaction(deferred: false))
                    {
                        s.Enlist(transaction);
                        SqliteParameter[] p = s.InsertParameters;
                        var lastUse = new Dictionary<long, long>();
                        foreach (CallEntry call in calls)
                        {
                            long ts = UnixTime.ToMs(call.Timestamp);
                            long? keyRow = call.KeyId == null ? null : s.KeyRow(call.KeyId);
                            long? accountRow = call.Account == null ? null : s.AccountRow(call.Account);
                            p[0].Value = ts;
                            p[1].Value = accountRow.HasValue ? (object)accountRow.Value : DBNull.Value;
                            p[2].Value = keyRow.HasValue ? (object)keyRow.Value : DBNull.Value;
                            p[3].Value = call.Kind.HasValue ? (object)(int)call.Kind.Value : DBNull.Value;
                            p[4].Value = call.Method ?? string.Empty;
                            p[5].Value = call.Path ?? string.Empty;
                            p[6].Value = call.ClientAddress ?? string.Empty;
                            p[7].Value = (int)call.Outcome;
                            p[8].Value = (int)call.Reason;
                            p[9].Value = call.StatusCode.HasValue ? (object)call.StatusCode.Value : DBNull.Value;
                            p[10].Value = call.DurationMs.HasValue ? (object)call.DurationMs.Value : DBNull.Value;
                            p[11].Value = call.KeyFingerprint ?? string.Empty;
                            s.Insert.ExecuteNonQuery();
                            if (call.Outcome == CallOutcome.Allowed && keyRow.HasValue
                                && (!lastUse.TryGetValue(keyRow.Value, out long seen) || seen < ts))
                            {
                                lastUse[keyRow.Value] = ts;
                            }
                        }

                        foreach (KeyValuePair<long, long> use in lastUse)
                        {
                            s.Touch(use.Key, use.Value);
                        }

                        transaction.Commit();
                    }

                    return 0;
                }, DropCallWriter);
            }
        }

        /// <inheritdoc/>
        public int PruneCalls(DateTimeOffset before, int maxRows)
        {
            lock (callWriterLock)
            {
                return Guard(() =>
                {
                    CallWriter();
                    using (var delete = new SqliteCommand(
                        "DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE ts < @before ORDER BY ts LIMIT @n)", callWriter))
                    {
                        delete.Parameters.AddWithValue("@before", UnixTime.ToMs(before));
                        delete.Parameters.AddWithValue("@n", maxRows);
                        return delete.ExecuteNonQuery();
                    }
                }, DropCallWriter);
            }
        }

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
            lock (callWriterLock)
            {
                callStatements?.Dispose();
                callStatements = null;
                callWriter?.Dispose();
                callWriter = null;
            }
        }

        private static CallRecord ReadCall(SqliteDataReader r, CallNames names) => StoreRows.ReadCall(
            r, r.IsDBNull(1) ? null : names.Account(r.GetInt64(1)), r.IsDBNull(2) ? null : names.KeyId(r.GetInt64(2)));

        // Rows leave as they are read, on a connection of their own, so the pipeline sees the first row at once.
        private IEnumerable<T> Stream<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellation) =>
            Stream<T, IDisposable>(command, _ => null, (r, _) => read(r), cancellation);

        // As above, with a helper of the reading connection's own (lookups inside the same snapshot) for every row.
        private IEnumerable<T> Stream<T, THelper>(
            SqliteCommand command, Func<SqliteConnection, THelper> helper, Func<SqliteDataReader, THelper, T> read, CancellationToken cancellation)
            where THelper : class, IDisposable
        {
            using (command)
            {
                if (!Exists)
                {
                    yield break;
                }

                SqliteConnection c = Guard(() => OpenConnection(SqliteOpenMode.ReadOnly, synchronousFull: false));
                using (c)
                {
                    command.Connection = c;
                    THelper help = helper(c);
                    using (help)
                    using (SqliteDataReader rows = Guard(command.ExecuteReader))
                    {
                        while (!cancellation.IsCancellationRequested && Guard(rows.Read))
                        {
                            yield return read(rows, help);
                        }
                    }
                }
            }
        }

        // The call writer's connection and statements, opened on first use and kept: the writer runs every flush interval.
        private CallStatements CallWriter()
        {
            if (callWriter == null)
            {
                callStatements?.Dispose();
                callStatements = null;
                callWriter = OpenConnection(SqliteOpenMode.ReadWrite, synchronousFull: false);
            }

            return callStatements ?? (callStatements = new CallStatements(callWriter));
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

            if (!Exists)
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

        // Called with callWriterLock held.
        private void DropCallWriter()
        {
            callWriter?.Dispose();
            callWriter = null;
        }

        private SqliteConnection Connection() => connection ?? (connection = OpenConnection(SqliteOpenMode.ReadWrite, synchronousFull: true));

        private int CheckVersion(SqliteConnection c)
        {
            int version = SqliteSchema.ReadVersion(c);
            if (version > SqliteSchema.CurrentVersion)
            {
                throw Fail.StoreVersionTooNew(Location, version, SqliteSchema.CurrentVersion);
            }

            return version;
        }

        private SqliteConnection OpenConnection(SqliteOpenMode mode, bool synchronousFull)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = Location,
                Mode = mode,
                Pooling = options.Pooling,
                DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            };
            var c = new SqliteConnection(builder.ToString());
            try
            {
                c.Open();
                using (SqliteCommand pragmas = c.CreateCommand())
                {
                    // Key and audit writes are rare and must survive power loss; call rows trade that for speed (WAL keeps them consistent).
                    // Freed space is zeroed, so that encrypted copies erased for Reveal = Never, and older copies of rewritten key rows,
                    // do not linger in the file.
                    pragmas.CommandText =
                        $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; " +
                        $"PRAGMA synchronous = {(synchronousFull ? "FULL" : "NORMAL")}; PRAGMA secure_delete = ON;";
                    pragmas.ExecuteNonQuery();
                }

                return c;
            }
            catch
            {
                c.Dispose();
                throw;
            }
        }

        private T Guard<T>(Func<T> action) => Guard(action, DropConnection);

        // The call writer runs on the verifier's background thread with a connection of its own; its failures drop that
        // connection, never the one a request thread may be using at that moment.
        private T Guard<T>(Func<T> action, Action dropFailed)
        {
            try
            {
                return action();
            }
            catch (SqliteException ex)
            {
                ApiKeyAdminException translated = SqliteErrors.Translate(ex, Location, options.BusyTimeout);
                if (translated == null)
                {
                    throw;
                }

                // A failed connection may hold a broken transaction; the next call starts afresh.
                dropFailed();
                throw translated;
            }
        }
    }
}
