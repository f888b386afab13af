using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// The log queries: audit rows, call rows, call volumes and calls per key. Rows leave as they are read, on a
    /// read-only connection of their own, so the pipeline sees the first row at once.
    /// </summary>
    internal sealed class SqliteQueries
    {
        private readonly SqliteConnections connections;
        private readonly Func<bool> hasFile;
        private readonly Action dropFailed;

        /// <summary>
        /// Queries over <paramref name="connections"/>; a read finds nothing while <paramref name="hasFile"/> is false
        /// (the manager asks whether the store exists before it reads), and a failed one calls <paramref name="dropFailed"/>
        /// as the store's own commands do.
        /// </summary>
        internal SqliteQueries(SqliteConnections connections, Func<bool> hasFile, Action dropFailed)
        {
            this.connections = connections;
            this.hasFile = hasFile;
            this.dropFailed = dropFailed;
        }

        internal IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation)
        {
            var command = new SqliteCommand();
            command.CommandText = StoreQueries.Audit(SqliteDialect.Instance, command, filter);
            return Stream(command, StoreRows.ReadAudit, cancellation);
        }

        internal IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation)
        {
            var command = new SqliteCommand();
            SqlConditions where = StoreQueries.Calls(SqliteDialect.Instance, command, filter);
            // No joins: account names and key ids come from CallNames, looked up once per query for each id seen.
            command.CommandText =
                "SELECT c.ts, c.account_id, c.key_row, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint " +
                "FROM calls c" + where + " ORDER BY c.ts DESC, c.id DESC" + where.Limit(filter.First);
            return Stream(command, c => new CallNames(c), ReadCall, cancellation);
        }

        // Integer division of the millisecond timestamp by the interval's width gives the bucket, so SQLite groups on
        // the calls_ts range it reads and hands back only one row per interval and account.
        internal IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation)
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

        internal IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since)
        {
            var command = new SqliteCommand(
                "SELECT k.key_id, a.name, k.kind, COUNT(*) FROM calls c JOIN keys k ON k.id = c.key_row JOIN accounts a ON a.id = k.account_id " +
                "WHERE c.ts >= @since GROUP BY c.key_row ORDER BY a.name, k.key_id");
            command.Parameters.AddWithValue("@since", UnixTime.ToMs(since));
            return new List<KeyCallCount>(Stream(command, r => new KeyCallCount(r.GetString(0), r.GetString(1), (KeyKind)StoreRows.Int32(r, 2), r.GetInt64(3)), CancellationToken.None));
        }

        private static CallRecord ReadCall(SqliteDataReader r, CallNames names) => StoreRows.ReadCall(
            r, r.IsDBNull(1) ? null : names.Account(r.GetInt64(1)), r.IsDBNull(2) ? null : names.KeyId(r.GetInt64(2)));

        // Rows that need nothing beyond themselves.
        private IEnumerable<T> Stream<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellation) =>
            Stream<T, IDisposable>(command, _ => null, (r, _) => read(r), cancellation);

        // As above, with a helper of the reading connection's own (lookups inside the same snapshot) for every row.
        private IEnumerable<T> Stream<T, THelper>(
            SqliteCommand command, Func<SqliteConnection, THelper> helper, Func<SqliteDataReader, THelper, T> read, CancellationToken cancellation)
            where THelper : class, IDisposable
        {
            using (command)
            {
                if (!hasFile())
                {
                    yield break;
                }

                SqliteConnection c = Guard(() => connections.Open(SqliteOpenMode.ReadOnly, synchronousFull: false));
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

        private T Guard<T>(Func<T> action) => connections.Guard(action, dropFailed);
    }
}
