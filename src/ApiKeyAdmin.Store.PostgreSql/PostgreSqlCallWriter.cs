using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Npgsql;
using NpgsqlTypes;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// Writes call rows with one binary COPY per batch, in one transaction with the keys' last use, and remembers the
    /// account and key row ids it has looked up: accounts and keys are never deleted, so an id once found stays right;
    /// names not found are not remembered, as they may be made later.
    /// </summary>
    internal sealed class PostgreSqlCallWriter
    {
        private readonly PostgreSqlConnections db;
        private readonly PostgreSqlPartitions partitions;
        private readonly ConcurrentDictionary<string, long> accountRows = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> keyRows = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

        internal PostgreSqlCallWriter(PostgreSqlConnections db, PostgreSqlPartitions partitions)
        {
            this.db = db;
            this.partitions = partitions;
        }

        /// <summary>Writes the calls into their day partitions, made first where missing.</summary>
        internal void Append(IReadOnlyList<CallEntry> calls)
        {
            partitions.EnsureFor(calls);
            try
            {
                InsertCalls(calls);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
            {
                // Another host dropped or has not yet made a partition this process believed in: look again, once.
                partitions.Reload();
                partitions.EnsureFor(calls);
                InsertCalls(calls);
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

        // Binary COPY with account and key row ids resolved here: the raw limit of PostgreSQL's write path, where a
        // multi-row INSERT joining names to ids per row reached half of it.
        private void InsertCalls(IReadOnlyList<CallEntry> calls)
        {
            var lastUse = new Dictionary<long, long>();
            using (NpgsqlConnection c = db.Open())
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

        // Looks up, in one query each, the row ids of the batch's accounts and keys not yet remembered.
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
    }
}
