using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>The log queries: audit rows, call rows, call volumes and calls per key, streamed through <see cref="PostgreSqlCursor"/>.</summary>
    internal sealed class PostgreSqlQueries
    {
        private readonly PostgreSqlConnections db;
        private readonly PostgreSqlMigrator migrator;
        private readonly PostgreSqlCursor cursor;

        internal PostgreSqlQueries(PostgreSqlConnections db, PostgreSqlMigrator migrator)
        {
            this.db = db;
            this.migrator = migrator;
            cursor = new PostgreSqlCursor(db, migrator);
            Dialect = new PostgreSqlDialect(AccountIds);
        }

        /// <summary>The dialect of the store's statements, whose call filter looks account ids up here.</summary>
        internal PostgreSqlDialect Dialect { get; }

        internal IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation)
        {
            var command = new NpgsqlCommand();
            command.CommandText = StoreQueries.Audit(Dialect, command, filter);
            return cursor.Stream(command, StoreRows.ReadAudit, cancellation);
        }

        internal IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation)
        {
            var command = new NpgsqlCommand();
            SqlConditions where = StoreQueries.Calls(Dialect, command, filter);
            command.CommandText = "SELECT " + PostgreSqlRows.CallColumns + PostgreSqlRows.CallFrom + where +
                " ORDER BY c.ts DESC, c.id DESC" + where.Limit(filter.First);
            return cursor.Stream(command, PostgreSqlRows.ReadCall, cancellation);
        }

        // Integer division of the millisecond timestamp by the interval's width gives the bucket, so the server groups
        // the partitions and index range it reads and sends one row per interval and account.
        internal IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation)
        {
            var command = new NpgsqlCommand();
            SqlConditions where = StoreQueries.Calls(Dialect, command, filter);
            command.Parameters.AddWithValue("width", StoreQueries.IntervalMs(interval));
            command.Parameters.AddWithValue("allowed", (int)CallOutcome.Allowed);
            command.CommandText =
                "SELECT (c.ts / @width) * @width AS bucket, a.name, count(*) FILTER (WHERE c.outcome = @allowed), " +
                "count(*) FILTER (WHERE c.outcome <> @allowed) FROM calls c LEFT JOIN accounts a ON a.id = c.account_id" + where +
                " GROUP BY bucket, a.id, a.name ORDER BY bucket, lower(a.name) NULLS FIRST";
            return cursor.Stream(command, StoreRows.ReadVolume, cancellation);
        }

        internal IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since)
        {
            var command = new NpgsqlCommand(
                "SELECT k.key_id, a.name, k.kind, count(*) FROM calls c JOIN keys k ON k.id = c.key_row JOIN accounts a ON a.id = k.account_id " +
                "WHERE c.ts >= @since GROUP BY k.id, k.key_id, a.name, k.kind ORDER BY lower(a.name), k.key_id");
            command.Parameters.AddWithValue("since", UnixTime.ToMs(since));
            return cursor.Stream(command, r => new KeyCallCount(r.GetString(0), r.GetString(1), (KeyKind)StoreRows.Int32(r, 2), r.GetInt64(3)), CancellationToken.None).ToList();
        }

        private long[] AccountIds(IReadOnlyList<string> names) => db.Guard(() =>
        {
            var ids = new List<long>();
            if (!migrator.Exists)
            {
                // No store: the read that follows finds no calls either.
                return ids.ToArray();
            }

            using (NpgsqlConnection c = db.Open())
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
    }
}
