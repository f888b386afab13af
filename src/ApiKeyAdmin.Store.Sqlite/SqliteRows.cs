using System;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>The column lists and command helpers shared by every query over keys; <see cref="StoreRows"/> reads the rows.</summary>
    internal static class SqliteRows
    {
        internal const string KeyColumns =
            "k.key_id, a.name, k.kind, k.status, k.description, k.created_at, k.created_by, k.deactivated_at, k.deactivated_by, " +
            "k.expires_at, k.last_used_at, k.secret_hash, k.masked_key, k.encrypted_secret, k.tag, k.app_name, k.scope";

        internal const string KeyFrom = " FROM keys k JOIN accounts a ON a.id = k.account_id ";

        internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
        {
            SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        /// <summary>Adds "@p0, @p1, …" parameters for an IN list and returns the list text.</summary>
        internal static string InList<T>(SqliteCommand command, string prefix, System.Collections.Generic.IReadOnlyList<T> values)
        {
            var names = new string[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                names[i] = "@" + prefix + i;
                command.Parameters.AddWithValue(names[i], values[i]);
            }

            return string.Join(", ", names);
        }
    }
}
