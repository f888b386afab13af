using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// Account names and key ids of one call-log read, by row id. Calls store interned ids; a read of a million rows
    /// meets a few hundred accounts and keys, so each is looked up once (on the reading connection, inside the same
    /// snapshot) and every row after shares the same string instead of joining and decoding it again.
    /// </summary>
    internal sealed class CallNames : IDisposable
    {
        private readonly SqliteCommand accountName;
        private readonly SqliteCommand keyId;
        private readonly Dictionary<long, string> accounts = new Dictionary<long, string>();
        private readonly Dictionary<long, string> keys = new Dictionary<long, string>();

        internal CallNames(SqliteConnection connection)
        {
            accountName = new SqliteCommand("SELECT name FROM accounts WHERE id = @id", connection);
            accountName.Parameters.Add(new SqliteParameter { ParameterName = "@id" });
            keyId = new SqliteCommand("SELECT key_id FROM keys WHERE id = @id", connection);
            keyId.Parameters.Add(new SqliteParameter { ParameterName = "@id" });
        }

        /// <summary>The account's name, or null when no account has that row id.</summary>
        internal string Account(long row) => Find(accounts, accountName, row);

        /// <summary>The key's id, or null when no key has that row id.</summary>
        internal string KeyId(long row) => Find(keys, keyId, row);

        public void Dispose()
        {
            accountName.Dispose();
            keyId.Dispose();
        }

        private static string Find(Dictionary<long, string> known, SqliteCommand find, long row)
        {
            if (!known.TryGetValue(row, out string name))
            {
                find.Parameters[0].Value = row;
                object found = find.ExecuteScalar();
                name = found == null || found is DBNull ? null : (string)found;
                known[row] = name;
            }

            return name;
        }
    }
}
