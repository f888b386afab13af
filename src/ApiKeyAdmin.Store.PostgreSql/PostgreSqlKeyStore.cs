using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Npgsql;
using NpgsqlTypes;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// The shared store: one PostgreSQL schema (<c>apikeyadmin</c>, or the first schema of the connection's Search Path)
    /// that many hosts administer and verify against. Every write transaction first takes a transaction-level advisory
    /// lock of the schema, so writes from all hosts queue one after another: the audit chain never forks and concurrent
    /// rotations end with one active key, which partial unique indexes enforce as well. A writer that waits longer than
    /// the busy timeout gets StoreLocked with nothing changed. The call log is partitioned by day; retention drops whole
    /// partitions.
    /// </summary>
    public sealed class PostgreSqlKeyStore : IKeyStore
    {
        /// <summary>The schema used when the connection string names none.</summary>
        public const string DefaultSchema = "apikeyadmin";

        /// <summary>
        /// The channel every key change is announced on, with the schema as payload. One channel for the database (a
        /// schema name may be as long as a channel name may be): a change in another schema wakes a verifier early,
        /// which costs it one counter read.
        /// </summary>
        public const string ChangeChannel = "apikeyadmin_key_changes";

        private const string PartitionPrefix = "calls_p";

        // Lower-case names only, so the schema reads the same quoted or not in the search path, in SQL and in docs.
        private static readonly Regex SchemaName = new Regex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant);

        private readonly NpgsqlDataSource dataSource;
        private readonly PostgreSqlDialect dialect;
        private readonly PostgreSqlStoreOptions options;
        private readonly string schema;
        private readonly object partitionLock = new object();
        private readonly HashSet<long> partitionDays = new HashSet<long>();
        private readonly object listenerLock = new object();
        private readonly ConcurrentDictionary<string, long> accountRows = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> keyRows = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        private NpgsqlConnection listener;
        private bool partitionsLoaded;
        private volatile bool ready;

        /// <summary>A store reached through an Npgsql connection string; nothing is opened until first use.</summary>
        public PostgreSqlKeyStore(string connectionString, PostgreSqlStoreOptions options = null)
        {
            this.options = options ?? new PostgreSqlStoreOptions();
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException ex)
            {
                throw InvalidConnectionString(ex.Message, ex);
            }

            schema = string.IsNullOrWhiteSpace(builder.SearchPath) ? DefaultSchema : builder.SearchPath.Split(',')[0].Trim();
            if (!SchemaName.IsMatch(schema))
            {
                throw InvalidConnectionString(
                    $"the schema '{schema}' (the first name in Search Path) must be a lower-case PostgreSQL identifier", null);
            }

            builder.SearchPath = schema;
            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                builder.ApplicationName = "ApiKeyAdmin";
            }

            Location = DisplayLocation(builder);
            dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
            dialect = new PostgreSqlDialect(AccountIds);
        }

        /// <inheritdoc/>
        public string Location { get; }

        /// <inheritdoc/>
        public bool Exists => Guard(() =>
        {
            using (NpgsqlConnection c = dataSource.OpenConnection())
            {
                return ReadVersion(c, null) > 0;
            }
        });

        /// <inheritdoc/>
        public void EnsureCreated() => Guard(() =>
        {
            using (NpgsqlConnection c = dataSource.OpenConnection())
            using (NpgsqlTransaction t = c.BeginTransaction(IsolationLevel.ReadCommitted))
            {
                // Creators on several hosts at once queue here; the second finds the schema made and migrates nothing.
                LockForWrite(c, t);
                if (!Scalar<bool>(c, t, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @s)", ("s", schema)))
                {
                    // Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when a DBA made the schema.
                    Execute(c, t, "CREATE SCHEMA " + schema);
                }

                int version = ReadVersion(c, t);
                if (version == 0)
                {
                    if (Scalar<bool>(c, t, "SELECT EXISTS (SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = @s)", ("s", schema)))
                    {
                        // Another program's schema: refused before anything is written to it.
                        throw Fail.InvalidStore(Location, null);
                    }

                    Execute(c, t, "CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
                }

                CheckVersion(version);
                for (int next = version + 1; next <= PostgreSqlSchema.CurrentVersion; next++)
                {
                    Execute(c, t, PostgreSqlSchema.Migration(next));
                    Execute(c, t, "INSERT INTO schema_version (version) VALUES (" + next.ToString(CultureInfo.InvariantCulture) + ")");
                }

                t.Commit();
            }

            ready = true;
            return 0;
        });

        /// <inheritdoc/>
        public T Write<T>(Func<IStoreTransaction, T> work) => Guard(() =>
        {
            EnsureReady();
            using (NpgsqlConnection c = dataSource.OpenConnection())
            using (NpgsqlTransaction t = c.BeginTransaction(IsolationLevel.ReadCommitted))
            {
                // Read committed after the lock: every statement of this writer sees all that earlier writers committed.
                LockForWrite(c, t);
                T result = work(new StoreTransaction(dialect, c, t));
                t.Commit();
                return result;
            }
        });

        /// <inheritdoc/>
        public T Read<T>(Func<IStoreTransaction, T> work) => Guard(() =>
        {
            EnsureReady();
            using (NpgsqlConnection c = dataSource.OpenConnection())
            using (NpgsqlTransaction t = c.BeginTransaction(IsolationLevel.RepeatableRead))
            {
                Execute(c, t, "SET TRANSACTION READ ONLY");
                return work(new StoreTransaction(dialect, c, t));
            }
        });

        /// <inheritdoc/>
        public IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation)
        {
            var command = new NpgsqlCommand();
            command.CommandText = StoreQueries.Audit(dialect, command, filter);
            return Stream(command, StoreRows.ReadAudit, cancellation);
        }

        /// <inheritdoc/>
        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation)
        {
            var command = new NpgsqlCommand();
            SqlConditions where = StoreQueries.Calls(dialect, command, filter);
            command.CommandText = "SELECT " + PostgreSqlRows.CallColumns + PostgreSqlRows.CallFrom + where +
                " ORDER BY c.ts DESC, c.id DESC" + where.Limit(filter.First);
            return Stream(command, PostgreSqlRows.ReadCall, cancellation);
        }

        /// <inheritdoc/>
        /// <remarks>
        /// Integer division of the millisecond timestamp by the interval's width gives the bucket, so the server groups
        /// the partitions and index range it reads and sends one row per interval and account.
        /// </remarks>
        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation)
        {
            var command = new NpgsqlCommand();
            SqlConditions where = StoreQueries.Calls(dialect, command, filter);
            command.Parameters.AddWithValue("width", StoreQueries.IntervalMs(interval));
            command.Parameters.AddWithValue("allowed", (int)CallOutcome.Allowed);
            command.CommandText =
                "SELECT (c.ts / @width) * @width AS bucket, a.name, count(*) FILTER (WHERE c.outcome = @allowed), " +
                "count(*) FILTER (WHERE c.outcome <> @allowed) FROM calls c LEFT JOIN accounts a ON a.id = c.account_id" + where +
                " GROUP BY bucket, a.id, a.name ORDER BY bucket, lower(a.name) NULLS FIRST";
            return Stream(command, StoreRows.ReadVolume, cancellation);
        }

        /// <inheritdoc/>
        public IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since)
        {
            var command = new NpgsqlCommand(
                "SELECT k.key_id, a.name, k.kind, count(*) FROM calls c JOIN keys k ON k.id = c.key_row JOIN accounts a ON a.id = k.account_id " +
                "WHERE c.ts >= @since GROUP BY k.id, k.key_id, a.name, k.kind ORDER BY lower(a.name), k.key_id");
            command.Parameters.AddWithValue("since", UnixTime.ToMs(since));
            return Stream(command, r => new KeyCallCount(r.GetString(0), r.GetString(1), (KeyKind)StoreRows.Int32(r, 2), r.GetInt64(3)), CancellationToken.None).ToList();
        }

        /// <inheritdoc/>
        /// <remarks>One binary COPY per batch, in one transaction with the keys' last use.</remarks>
        public void AppendCalls(IReadOnlyList<CallEntry> calls)
        {
            if (calls.Count == 0)
            {
                return;
            }

            Guard(() =>
            {
                EnsureReady();
                EnsurePartitions(calls.Select(call => Day(UnixTime.ToMs(call.Timestamp))).Distinct().ToList());
                try
                {
                    InsertCalls(calls);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
                {
                    // Another host dropped or has not yet made a partition this process believed in: look again, once.
                    lock (partitionLock)
                    {
                        partitionsLoaded = false;
                    }

                    EnsurePartitions(calls.Select(call => Day(UnixTime.ToMs(call.Timestamp))).Distinct().ToList());
                    InsertCalls(calls);
                }

                return 0;
            });
        }

        /// <inheritdoc/>
        /// <remarks>
        /// Drops every day partition that lies wholly before <paramref name="before"/> and returns the rows they held;
        /// rows of the partly expired day stay until their day goes (reads never return them). Also makes the coming
        /// days' partitions. A drop that would wait for a long reader is left to the next call.
        /// </remarks>
        public int PruneCalls(DateTimeOffset before, int maxRows) => Guard(() =>
        {
            EnsureReady();
            long dropped = 0;
            long firstKept = Day(UnixTime.ToMs(before));
            lock (partitionLock)
            {
                using (NpgsqlConnection c = dataSource.OpenConnection())
                {
                    foreach (long day in ListPartitionDays(c).Where(d => d < firstKept).OrderBy(d => d))
                    {
                        try
                        {
                            using (NpgsqlTransaction t = c.BeginTransaction())
                            {
                                Execute(c, t, "SET LOCAL lock_timeout = '1s'");
                                dropped += Scalar<long>(c, t, "SELECT count(*) FROM " + PartitionName(day));
                                Execute(c, t, "DROP TABLE " + PartitionName(day));
                                t.Commit();
                            }
                        }
                        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
                        {
                            break;
                        }

                        partitionDays.Remove(day);
                    }
                }

                CreatePartitions(new[] { Day(UnixTime.ToMs(DateTimeOffset.UtcNow)) }, required: false);
            }

            return (int)Math.Min(dropped, int.MaxValue);
        });

        /// <inheritdoc/>
        public KeyRecord FindKeyByHash(byte[] secretHash) => Guard(() =>
        {
            EnsureReady();
            using (NpgsqlConnection c = dataSource.OpenConnection())
            {
                return new StoreTransaction(dialect, c, null).FindKeyByHash(secretHash);
            }
        });

        /// <inheritdoc/>
        /// <remarks>
        /// The key generation, bumped in the same transaction as every key change on any host. Verifiers poll it (one
        /// indexed single-row read); call rows and other writes leave it alone, so caches are dropped only for key changes.
        /// </remarks>
        public long ChangeCounter() => Guard(() =>
        {
            EnsureReady();
            using (NpgsqlConnection c = dataSource.OpenConnection())
            {
                // A row deleted by hand reads as 0, and the next key change writes it again.
                return Scalar<long>(c, null, "SELECT coalesce((SELECT value FROM key_generation WHERE id = 1), 0)");
            }
        });

        /// <inheritdoc/>
        /// <remarks>
        /// One connection of this store LISTENs for the whole of its life; a failure drops it, so the next wait opens a
        /// new one, and the caller's counter read after the failed wait covers what was announced in between.
        /// </remarks>
        public void WaitForChange(TimeSpan timeout, CancellationToken cancellation) => Guard(() =>
        {
            EnsureReady();
            lock (listenerLock)
            {
                try
                {
                    if (listener == null)
                    {
                        listener = dataSource.OpenConnection();
                        Execute(listener, null, "LISTEN " + ChangeChannel);
                    }

                    listener.WaitAsync(timeout, cancellation).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // Disposing: the listening connection is in an unknown state after a cancelled wait.
                    DropListener();
                }
                catch
                {
                    DropListener();
                    throw;
                }
            }

            return 0;
        });

        /// <inheritdoc/>
        public void Dispose()
        {
            lock (listenerLock)
            {
                DropListener();
            }

            dataSource.Dispose();
        }

        // Called under listenerLock.
        private void DropListener()
        {
            listener?.Dispose();
            listener = null;
        }

        // The connection string without its passwords: what may be shown in messages, output and the audit log.
        private static string DisplayLocation(NpgsqlConnectionStringBuilder builder) =>
            new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Password = null, SslPassword = null }.ConnectionString;

        private static ApiKeyAdminException InvalidConnectionString(string why, Exception inner) =>
            new ApiKeyAdminException("InvalidConnectionString", ErrorKind.InvalidArgument, null,
                $"The PostgreSQL connection string is not usable: {why}.", inner);

        private static long Day(long ms) => (long)Math.Floor(ms / (double)UnixTime.MsPerDay);

        private static string PartitionName(long day) =>
            PartitionPrefix + UnixTime.FromMs(day * UnixTime.MsPerDay).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        private long[] AccountIds(IReadOnlyList<string> names) => Guard(() =>
        {
            var ids = new List<long>();
            if (!Exists)
            {
                // No store: the read that follows finds no calls either.
                return ids.ToArray();
            }

            using (NpgsqlConnection c = dataSource.OpenConnection())
            using (NpgsqlCommand find = PostgreSqlRows.Command(c, null, "SELECT id FROM accounts WHERE lower(name) = ANY(@names)"))
            {
                find.Parameters.AddWithValue("names", names.Select(a => a.ToLowerInvariant()).ToArray());
                using (NpgsqlDataReader r = find.ExecuteReader())
                {
                    while (r.Read())
                    {
                        ids.Add(r.GetInt64(0));
                    }
                }
            }

            return ids.ToArray();
        });

        private static void Execute(NpgsqlConnection c, NpgsqlTransaction t, string sql)
        {
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, sql))
            {
                command.ExecuteNonQuery();
            }
        }

        private static T Scalar<T>(NpgsqlConnection c, NpgsqlTransaction t, string sql, params (string Name, object Value)[] parameters)
        {
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, sql))
            {
                foreach ((string name, object value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                return (T)command.ExecuteScalar();
            }
        }

        // Binary COPY with account and key row ids resolved here: the raw limit of PostgreSQL's write path, where a
        // multi-row INSERT joining names to ids per row reached half of it.
        private void InsertCalls(IReadOnlyList<CallEntry> calls)
        {
            var lastUse = new Dictionary<long, long>();
            using (NpgsqlConnection c = dataSource.OpenConnection())
            using (NpgsqlTransaction t = c.BeginTransaction())
            {
                ResolveRows(c, t, calls);
                using (NpgsqlBinaryImporter copy = c.BeginBinaryImport(
                    "COPY calls (ts, account_id, key_row, kind, method, path, client, outcome, reason, status_code, duration_ms, fingerprint) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (CallEntry call in calls)
                    {
                        long ts = UnixTime.ToMs(call.Timestamp);
                        long? accountRow = call.Account != null && accountRows.TryGetValue(call.Account, out long a) ? a : (long?)null;
                        long? keyRow = call.KeyId != null && keyRows.TryGetValue(call.KeyId, out long k) ? k : (long?)null;
                        copy.StartRow();
                        copy.Write(ts, NpgsqlDbType.Bigint);
                        WriteNullable(copy, accountRow, NpgsqlDbType.Bigint);
                        WriteNullable(copy, keyRow, NpgsqlDbType.Bigint);
                        WriteNullable(copy, call.Kind.HasValue ? (int)call.Kind.Value : (int?)null, NpgsqlDbType.Integer);
                        copy.Write(call.Method ?? string.Empty, NpgsqlDbType.Text);
                        copy.Write(call.Path ?? string.Empty, NpgsqlDbType.Text);
                        copy.Write(call.ClientAddress ?? string.Empty, NpgsqlDbType.Text);
                        copy.Write((int)call.Outcome, NpgsqlDbType.Integer);
                        copy.Write((int)call.Reason, NpgsqlDbType.Integer);
                        WriteNullable(copy, call.StatusCode, NpgsqlDbType.Integer);
                        WriteNullable(copy, call.DurationMs, NpgsqlDbType.Double);
                        copy.Write(call.KeyFingerprint ?? string.Empty, NpgsqlDbType.Text);
                        if (call.Outcome == CallOutcome.Allowed && keyRow.HasValue && (!lastUse.TryGetValue(keyRow.Value, out long seen) || seen < ts))
                        {
                            lastUse[keyRow.Value] = ts;
                        }
                    }

                    copy.Complete();
                }

                if (lastUse.Count > 0)
                {
                    // LastUsedAt lives in a table of its own so that verifiers never wait on, or deadlock with, a rotation's key rows;
                    // rows go in key order so that two verifiers lock them in the same order.
                    using (NpgsqlCommand touch = PostgreSqlRows.Command(c, t,
                        "INSERT INTO key_usage (key_row, last_used_at) SELECT u.key_row, u.ts FROM unnest(@rows, @ts) AS u (key_row, ts) ORDER BY u.key_row " +
                        "ON CONFLICT (key_row) DO UPDATE SET last_used_at = excluded.last_used_at WHERE key_usage.last_used_at < excluded.last_used_at"))
                    {
                        touch.Parameters.AddWithValue("rows", lastUse.Keys.ToArray());
                        touch.Parameters.AddWithValue("ts", lastUse.Values.ToArray());
                        touch.ExecuteNonQuery();
                    }
                }

                t.Commit();
            }
        }

        private static void WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
            where T : struct
        {
            if (value.HasValue)
            {
                copy.Write(value.Value, type);
            }
            else
            {
                copy.WriteNull();
            }
        }

        /// <summary>
        /// Looks up, in one query each, the row ids of the batch's accounts and keys not yet remembered. Accounts and keys
        /// are never deleted, so an id once found stays right; names not found are not remembered, as they may be made later.
        /// </summary>
        private void ResolveRows(NpgsqlConnection c, NpgsqlTransaction t, IReadOnlyList<CallEntry> calls)
        {
            string[] accounts = calls.Select(call => call.Account).Where(a => a != null && !accountRows.ContainsKey(a)).Distinct(StringComparer.Ordinal).ToArray();
            if (accounts.Length > 0)
            {
                Remember(c, t, "SELECT n.name, a.id FROM unnest(@names) AS n (name) JOIN accounts a ON lower(a.name) = lower(n.name)", accounts, accountRows);
            }

            string[] keys = calls.Select(call => call.KeyId).Where(k => k != null && !keyRows.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToArray();
            if (keys.Length > 0)
            {
                Remember(c, t, "SELECT k.key_id, k.id FROM keys k WHERE k.key_id = ANY(@names)", keys, keyRows);
            }
        }

        private static void Remember(NpgsqlConnection c, NpgsqlTransaction t, string sql, string[] names, ConcurrentDictionary<string, long> rows)
        {
            using (NpgsqlCommand find = PostgreSqlRows.Command(c, t, sql))
            {
                find.Parameters.AddWithValue("names", names);
                using (NpgsqlDataReader r = find.ExecuteReader())
                {
                    while (r.Read())
                    {
                        rows[r.GetString(0)] = r.GetInt64(1);
                    }
                }
            }
        }

        private void EnsurePartitions(IReadOnlyList<long> days)
        {
            lock (partitionLock)
            {
                if (!partitionsLoaded)
                {
                    using (NpgsqlConnection c = dataSource.OpenConnection())
                    {
                        partitionDays.Clear();
                        partitionDays.UnionWith(ListPartitionDays(c));
                    }

                    partitionsLoaded = true;
                }

                if (days.Any(d => !partitionDays.Contains(d)))
                {
                    CreatePartitions(days, required: true);
                }
            }
        }

        // Makes each day's partition and the next days' ahead of need, so that a new day's first call rarely waits for DDL.
        // Ahead-only work gives up at once on a busy table; a partition that calls need now waits up to the busy timeout.
        private void CreatePartitions(IEnumerable<long> days, bool required)
        {
            var wanted = new SortedSet<long>();
            foreach (long day in days)
            {
                for (long d = day; d <= day + options.PartitionsAhead; d++)
                {
                    wanted.Add(d);
                }
            }

            wanted.ExceptWith(partitionDays);
            if (wanted.Count == 0)
            {
                return;
            }

            try
            {
                using (NpgsqlConnection c = dataSource.OpenConnection())
                using (NpgsqlTransaction t = c.BeginTransaction())
                {
                    Execute(c, t, "SET LOCAL lock_timeout = '" + (required ? (long)options.BusyTimeout.TotalMilliseconds : 1000) + "ms'");
                    Execute(c, t, "SELECT pg_advisory_xact_lock(hashtextextended('ApiKeyAdmin partitions ' || current_schema(), 0))");
                    foreach (long day in wanted)
                    {
                        Execute(c, t, string.Format(CultureInfo.InvariantCulture,
                            "CREATE TABLE IF NOT EXISTS {0} PARTITION OF calls FOR VALUES FROM ({1}) TO ({2})",
                            PartitionName(day), day * UnixTime.MsPerDay, (day + 1) * UnixTime.MsPerDay));
                    }

                    t.Commit();
                }

                partitionDays.UnionWith(wanted);
            }
            catch (PostgresException ex) when (!required && ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                // The next prune tries again; today's partition already exists.
            }
        }

        private IEnumerable<long> ListPartitionDays(NpgsqlConnection c)
        {
            var days = new List<long>();
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, null,
                "SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid JOIN pg_class parent ON parent.oid = i.inhparent " +
                "JOIN pg_namespace n ON n.oid = parent.relnamespace WHERE n.nspname = @s AND parent.relname = 'calls'"))
            {
                command.Parameters.AddWithValue("s", schema);
                using (NpgsqlDataReader r = command.ExecuteReader())
                {
                    while (r.Read())
                    {
                        string name = r.GetString(0);
                        if (name.StartsWith(PartitionPrefix, StringComparison.Ordinal)
                            && DateTime.TryParseExact(name.Substring(PartitionPrefix.Length), "yyyyMMdd", CultureInfo.InvariantCulture,
                                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime date))
                        {
                            days.Add(Day(UnixTime.ToMs(new DateTimeOffset(date, TimeSpan.Zero))));
                        }
                    }
                }
            }

            return days;
        }

        // Rows leave as they are fetched from a server-side cursor on a connection of their own: the first row comes at
        // once, memory holds one fetch, and a reader that stops early leaves the rest unread on the server.
        private IEnumerable<T> Stream<T>(NpgsqlCommand query, Func<NpgsqlDataReader, T> read, CancellationToken cancellation)
        {
            using (query)
            {
                if (!Exists)
                {
                    yield break;
                }

                NpgsqlConnection c = Guard(() => dataSource.OpenConnection());
                using (c)
                {
                    NpgsqlTransaction t = Guard(() => c.BeginTransaction(IsolationLevel.RepeatableRead));
                    using (t)
                    using (NpgsqlCommand fetch = PostgreSqlRows.Command(c, t, "FETCH FORWARD " + options.FetchSize.ToString(CultureInfo.InvariantCulture) + " FROM log_rows"))
                    {
                        // JIT compiling a long read's plan only delays its first row; rows are streamed, not aggregated.
                        Guard(() =>
                        {
                            Execute(c, t, "SET LOCAL jit = off");
                            return 0;
                        });
                        query.Connection = c;
                        query.Transaction = t;
                        query.CommandText = "DECLARE log_rows NO SCROLL CURSOR FOR " + query.CommandText;
                        Guard(query.ExecuteNonQuery);
                        int fetched;
                        do
                        {
                            fetched = 0;
                            NpgsqlDataReader reader = Guard(() => fetch.ExecuteReader());
                            using (reader)
                            {
                                while (Guard(reader.Read))
                                {
                                    if (cancellation.IsCancellationRequested)
                                    {
                                        yield break;
                                    }

                                    fetched++;
                                    yield return read(reader);
                                }
                            }
                        }
                        while (fetched == options.FetchSize);
                    }
                }
            }
        }

        private void EnsureReady()
        {
            if (ready)
            {
                return;
            }

            int version;
            using (NpgsqlConnection c = dataSource.OpenConnection())
            {
                version = ReadVersion(c, null);
            }

            if (version == 0)
            {
                throw Fail.StoreNotFound(Location);
            }

            CheckVersion(version);
            if (version < PostgreSqlSchema.CurrentVersion)
            {
                EnsureCreated();
            }

            ready = true;
        }

        private void CheckVersion(int version)
        {
            if (version > PostgreSqlSchema.CurrentVersion)
            {
                throw Fail.StoreVersionTooNew(Location, version, PostgreSqlSchema.CurrentVersion);
            }
        }

        // 0 when the schema or its version table is missing: no store yet.
        private int ReadVersion(NpgsqlConnection c, NpgsqlTransaction t)
        {
            if (!Scalar<bool>(c, t, "SELECT to_regclass(@t) IS NOT NULL", ("t", schema + ".schema_version")))
            {
                return 0;
            }

            object version = Scalar<object>(c, t, "SELECT max(version) FROM schema_version");
            return version is DBNull ? 0 : Convert.ToInt32(version, CultureInfo.InvariantCulture);
        }

        private void LockForWrite(NpgsqlConnection c, NpgsqlTransaction t)
        {
            Execute(c, t, "SET LOCAL lock_timeout = '" + (long)options.BusyTimeout.TotalMilliseconds + "ms'");
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))"))
            {
                command.Parameters.AddWithValue("k", "ApiKeyAdmin write " + schema);
                command.ExecuteNonQuery();
            }
        }

        private T Guard<T>(Func<T> action)
        {
            try
            {
                return action();
            }
            catch (NpgsqlException ex)
            {
                ApiKeyAdminException translated = PostgreSqlErrors.Translate(ex, Location, options.BusyTimeout);
                if (translated == null)
                {
                    throw;
                }

                throw translated;
            }
        }
    }
}
