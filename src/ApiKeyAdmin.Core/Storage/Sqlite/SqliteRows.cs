using System;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>The column lists and row readers shared by every query over keys and audit rows.</summary>
    internal static class SqliteRows
    {
        internal const string KeyColumns =
            "k.key_id, a.name, k.kind, k.status, k.description, k.created_at, k.created_by, k.deactivated_at, k.deactivated_by, " +
            "k.expires_at, k.last_used_at, k.secret_hash, k.masked_key, k.encrypted_secret, k.tag, k.app_name, k.scope";

        internal const string KeyFrom = " FROM keys k JOIN accounts a ON a.id = k.account_id ";

        internal const string AuditColumns = "seq, ts, actor, action, account, key_id, detail, tag";

        internal static KeyRecord ReadKey(SqliteDataReader r) => new KeyRecord
        {
            KeyId = r.GetString(0),
            Account = r.GetString(1),
            Kind = (KeyKind)Int32(r, 2),
            StoredStatus = (KeyStatus)Int32(r, 3),
            Description = r.GetString(4),
            CreatedAt = UnixTime.FromMs(r.GetInt64(5)),
            CreatedBy = r.GetString(6),
            DeactivatedAt = NullableTime(r, 7),
            DeactivatedBy = r.IsDBNull(8) ? null : r.GetString(8),
            ExpiresAt = NullableTime(r, 9),
            LastUsedAt = NullableTime(r, 10),
            SecretHash = Blob(r, 11),
            MaskedKey = r.GetString(12),
            EncryptedSecret = Blob(r, 13),
            Tag = Blob(r, 14),
            AppName = r.GetString(15),
            Scope = r.GetString(16),
        };

        internal static AuditRecord ReadAudit(SqliteDataReader r) => new AuditRecord
        {
            Sequence = r.GetInt64(0),
            Timestamp = UnixTime.FromMs(r.GetInt64(1)),
            Actor = r.GetString(2),
            Action = ParseAction(r.GetString(3)),
            Account = r.GetString(4),
            KeyId = r.GetString(5),
            Detail = r.GetString(6),
            Tag = Blob(r, 7),
        };

        internal static DateTimeOffset? NullableTime(SqliteDataReader r, int ordinal) =>
            r.IsDBNull(ordinal) ? (DateTimeOffset?)null : UnixTime.FromMs(r.GetInt64(ordinal));

        /// <summary>
        /// A blob column's bytes, or null. SQLite lets a hand edit put text or a number in any column; read as bytes, such a
        /// value fails its tag like any other edit instead of failing the read with an InvalidCastException.
        /// </summary>
        internal static byte[] Blob(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<byte[]>(ordinal);

        /// <summary>An integer column that this module writes as an Int32, clamped to its range rather than failing with an OverflowException.</summary>
        internal static int Int32(SqliteDataReader r, int ordinal) => (int)Math.Min(Math.Max(r.GetInt64(ordinal), int.MinValue), int.MaxValue);

        // An action name this version does not know (written by hand, or by a newer module) still reads; the chain check flags hand edits.
        // Only the exact name counts: Enum.TryParse also takes "3" for Rotated, which would let an edited row keep its tag.
        private static AuditAction ParseAction(string text) =>
            Enum.TryParse(text, out AuditAction action) && action.ToString() == text ? action : (AuditAction)(-1);

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
