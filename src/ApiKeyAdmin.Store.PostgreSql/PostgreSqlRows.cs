using System;
using System.Collections.Generic;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>The column lists and row readers shared by every query over keys, audit rows and calls.</summary>
    internal static class PostgreSqlRows
    {
        internal const string KeyColumns =
            "k.key_id, a.name, k.kind, k.status, k.description, k.created_at, k.created_by, k.deactivated_at, k.deactivated_by, " +
            "k.expires_at, u.last_used_at, k.secret_hash, k.masked_key, k.encrypted_secret, k.tag, k.app_name, k.scope";

        internal const string KeyFrom = " FROM keys k JOIN accounts a ON a.id = k.account_id LEFT JOIN key_usage u ON u.key_row = k.id ";

        internal const string AuditColumns = "seq, ts, actor, action, account, key_id, detail, tag";

        internal const string CallColumns =
            "c.ts, a.name, k.key_id, c.kind, c.method, c.path, c.client, c.outcome, c.reason, c.status_code, c.duration_ms, c.fingerprint";

        internal const string CallFrom = " FROM calls c LEFT JOIN accounts a ON a.id = c.account_id LEFT JOIN keys k ON k.id = c.key_row";

        internal static KeyRecord ReadKey(NpgsqlDataReader r) => new KeyRecord
        {
            KeyId = r.GetString(0),
            Account = r.GetString(1),
            Kind = (KeyKind)r.GetInt32(2),
            StoredStatus = (KeyStatus)r.GetInt32(3),
            Description = r.GetString(4),
            CreatedAt = UnixTime.FromMs(r.GetInt64(5)),
            CreatedBy = r.GetString(6),
            DeactivatedAt = NullableTime(r, 7),
            DeactivatedBy = r.IsDBNull(8) ? null : r.GetString(8),
            ExpiresAt = NullableTime(r, 9),
            LastUsedAt = NullableTime(r, 10),
            SecretHash = (byte[])r.GetValue(11),
            MaskedKey = r.GetString(12),
            EncryptedSecret = r.IsDBNull(13) ? null : (byte[])r.GetValue(13),
            Tag = (byte[])r.GetValue(14),
            AppName = r.GetString(15),
            Scope = r.GetString(16),
        };

        internal static AuditRecord ReadAudit(NpgsqlDataReader r) => new AuditRecord
        {
            Sequence = r.GetInt64(0),
            Timestamp = UnixTime.FromMs(r.GetInt64(1)),
            Actor = r.GetString(2),
            Action = ParseAction(r.GetString(3)),
            Account = r.GetString(4),
            KeyId = r.GetString(5),
            Detail = r.GetString(6),
            Tag = (byte[])r.GetValue(7),
        };

        internal static CallRecord ReadCall(NpgsqlDataReader r) => new CallRecord(
            UnixTime.FromMs(r.GetInt64(0)),
            r.IsDBNull(1) ? null : r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2),
            r.IsDBNull(3) ? (KeyKind?)null : (KeyKind)r.GetInt32(3),
            r.GetString(4),
            r.GetString(5),
            r.GetString(6),
            (CallOutcome)r.GetInt32(7),
            (VerificationReason)r.GetInt32(8),
            r.IsDBNull(9) ? (int?)null : r.GetInt32(9),
            r.IsDBNull(10) ? (double?)null : r.GetDouble(10),
            r.GetString(11));

        internal static CallVolume ReadVolume(NpgsqlDataReader r) => new CallVolume(
            UnixTime.FromMs(r.GetInt64(0)),
            r.IsDBNull(1) ? null : r.GetString(1),
            r.GetInt64(2),
            r.GetInt64(3));

        internal static DateTimeOffset? NullableTime(NpgsqlDataReader r, int ordinal) =>
            r.IsDBNull(ordinal) ? (DateTimeOffset?)null : UnixTime.FromMs(r.GetInt64(ordinal));

        // An action name this version does not know (written by hand, or by a newer module) still reads; the chain check flags hand edits.
        private static AuditAction ParseAction(string text) =>
            Enum.TryParse(text, out AuditAction action) ? action : (AuditAction)(-1);

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
