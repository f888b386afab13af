using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// The call writer's prepared statements on its own connection, kept for the store's lifetime, and the account and
    /// key row ids it has looked up. Accounts and keys are never deleted, so a row id once found stays right; names not
    /// found are not remembered, since the account or key may be made later.
    /// </summary>
    internal sealed class CallStatements : IDisposable
    {
        private readonly SqliteCommand findKey;
        private readonly SqliteCommand findAccount;
        private readonly SqliteCommand touch;
        private readonly Dictionary<string, long> keyRows = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly Dictionary<string, long> accountRows = new Dictionary<string, long>(StringComparer.Ordinal);

        internal CallStatements(SqliteConnection connection)
        {
            Insert = new SqliteCommand(
                "INSERT INTO calls (ts, account_id, key_row, kind, method, path, client, outcome, reason, status_code, duration_ms, fingerprint) " +
                "VALUES (@ts, @a, @k, @kind, @method, @path, @client, @outcome, @reason, @status, @duration, @fp)", connection);
            InsertParameters = Add(Insert, "@ts", "@a", "@k", "@kind", "@method", "@path", "@client", "@outcome", "@reason", "@status", "@duration", "@fp");
            findKey = new SqliteCommand("SELECT id FROM keys WHERE key_id = @k", connection);
            Add(findKey, "@k");
            findAccount = new SqliteCommand("SELECT id FROM accounts WHERE name = @a", connection);
            Add(findAccount, "@a");
            touch = new SqliteCommand("UPDATE keys SET last_used_at = @ts WHERE id = @k AND (last_used_at IS NULL OR last_used_at < @ts)", connection);
            Add(touch, "@ts", "@k");
        }

        /// <summary>The insert of one call row; bind <see cref="InsertParameters"/> in column order.</summary>
        internal SqliteCommand Insert { get; }

        internal SqliteParameter[] InsertParameters { get; }

        /// <summary>Runs every statement in <paramref name="transaction"/>, the batch's.</summary>
        internal void Enlist(SqliteTransaction transaction)
        {
            Insert.Transaction = transaction;
            findKey.Transaction = transaction;
            findAccount.Transaction = transaction;
            touch.Transaction = transaction;
        }

        /// <summary>The keys row of a key id, or null when there is no such key.</summary>
        internal long? KeyRow(string keyId) => Find(keyRows, findKey, keyId);

        /// <summary>The accounts row of an account name (matched without regard to case), or null.</summary>
        internal long? AccountRow(string account) => Find(accountRows, findAccount, account);

        /// <summary>Moves a key's last use forward to <paramref name="ts"/>, never back.</summary>
        internal void Touch(long keyRow, long ts)
        {
            touch.Parameters[0].Value = ts;
            touch.Parameters[1].Value = keyRow;
            touch.ExecuteNonQuery();
        }

        public void Dispose()
        {
            Insert.Dispose();
            findKey.Dispose();
            findAccount.Dispose();
            touch.Dispose();
        }

        private static long? Find(Dictionary<string, long> known, SqliteCommand find, string name)
        {
            if (known.TryGetValue(name, out long row))
            {
                return row;
            }

            find.Parameters[0].Value = name;
            object found = find.ExecuteScalar();
            if (found == null || found is DBNull)
            {
                return null;
            }

            row = Convert.ToInt64(found);
            known[name] = row;
            return row;
        }

        private static SqliteParameter[] Add(SqliteCommand command, params string[] names)
        {
            var parameters = new SqliteParameter[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                parameters[i] = command.Parameters.Add(new SqliteParameter { ParameterName = names[i] });
            }

            return parameters;
        }
    }
}
