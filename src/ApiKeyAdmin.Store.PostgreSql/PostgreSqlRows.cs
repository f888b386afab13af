using System;
using System.Collections.Generic;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>The call columns and the command helper of the store's own queries; <see cref="StoreRows"/> reads the rows.</summary>
    internal static class PostgreSqlRows
    {
        internal const string CallColumns =
            "c.ts, a.name, k.key_id, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint";

        internal const string CallFrom = " FROM calls c LEFT JOIN accounts a ON a.id = c.account_id LEFT JOIN keys k ON k.id = c.key_row";

        internal static CallRecord ReadCall(NpgsqlDataReader r) =>
            StoreRows.ReadCall(r, r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));

        internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql) =>
            new NpgsqlCommand(sql, connection, transaction);
    }
}
