using System;
using System.Collections.Generic;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>The column lists and command helpers shared by every query over keys and calls; <see cref="StoreRows"/> reads the rows.</summary>
    internal static class PostgreSqlRows
    {
        internal const string KeyColumns =
            "k.key_id, a.name, k.kind, k.status, k.description, k.created_at, k.created_by, k.deactivated_at, k.deactivated_by, " +
            "k.expires_at, u.last_used_at, k.secret_hash, k.masked_key, k.encrypted_secret, k.tag, k.app_name, k.scope";

        internal const string KeyFrom = " FROM keys k JOIN accounts a ON a.id = k.account_id LEFT JOIN key_usage u ON u.key_row = k.id ";

        internal const string CallColumns =
            "c.ts, a.name, k.key_id, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint";

        internal const string CallFrom = " FROM calls c LEFT JOIN accounts a ON a.id = c.account_id LEFT JOIN keys k ON k.id = c.key_row";

        internal static CallRecord ReadCall(NpgsqlDataReader r) =>
            StoreRows.ReadCall(r, r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));

        internal static CallVolume ReadVolume(NpgsqlDataReader r) => new CallVolume(
            UnixTime.FromMs(r.GetInt64(0)),
            r.IsDBNull(1) ? null : r.GetString(1),
            r.GetInt64(2),
            r.GetInt64(3));

        internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql) =>
            new NpgsqlCommand(sql, connection, transaction);

        /// <summary>Adds one array parameter, so that an IN list is "= ANY(@name)" whatever its length.</summary>
        internal static string AnyOf<T>(NpgsqlCommand command, string name, IReadOnlyList<T> values)
        {
            var array = new T[values.Count];
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = values[i];
            }

            command.Parameters.AddWithValue(name, array);
            return "ANY(@" + name + ")";
        }
    }
}
