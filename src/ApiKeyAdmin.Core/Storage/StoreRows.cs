using System;
using System.Data.Common;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// The row readers of every store, over the columns each store's queries select in the same order. Each reader
    /// holds up against values edited in by hand (text in a blob column, a number too large, an action written as its
    /// number): such a row still reads, and then fails its integrity tag like any other edit, instead of failing the
    /// read with a cast exception.
    /// </summary>
    internal static class StoreRows
    {
        /// <summary>Reads key_id, account, kind, status, description, created_at, created_by, deactivated_at, deactivated_by,
        /// expires_at, last_used_at, secret_hash, masked_key, encrypted_secret, tag, app_name, scope.</summary>
        internal static KeyRecord ReadKey(DbDataReader r) => new KeyRecord
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

        /// <summary>The audit columns every store selects, in this order.</summary>
        internal const string AuditColumns = "seq, ts, actor, action, account, key_id, detail, tag";

        /// <summary>Reads <see cref="AuditColumns"/>.</summary>
        internal static AuditRecord ReadAudit(DbDataReader r) => new AuditRecord
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

        /// <summary>
        /// Reads a call row whose columns 0 and 3 to 11 are ts, kind, method, path, client, outcome, reason,
        /// status_code, duration_ms, fingerprint; columns 1 and 2 name the account and key, which each store finds its
        /// own way, so they are given.
        /// </summary>
        internal static CallRecord ReadCall(DbDataReader r, string account, string keyId) => new CallRecord(
            UnixTime.FromMs(r.GetInt64(0)),
            account,
            keyId,
            r.IsDBNull(3) ? (KeyKind?)null : (KeyKind)Int32(r, 3),
            r.GetString(4),
            r.GetString(5),
            r.GetString(6),
            (CallOutcome)Int32(r, 7),
            (VerificationReason)Int32(r, 8),
            r.IsDBNull(9) ? (int?)null : Int32(r, 9),
            Duration(r, 10),
            r.GetString(11));

        /// <summary>Reads bucket (ms), account name (or null), allowed and denied counts: a row of a call volume query.</summary>
        internal static CallVolume ReadVolume(DbDataReader r) => new CallVolume(
            UnixTime.FromMs(r.GetInt64(0)),
            r.IsDBNull(1) ? null : r.GetString(1),
            r.GetInt64(2),
            r.GetInt64(3));

        // NaN or an infinity (only a hand edit writes one) is no duration: it could not be exported or copied.
        private static double? Duration(DbDataReader r, int ordinal)
        {
            double? ms = r.IsDBNull(ordinal) ? (double?)null : r.GetDouble(ordinal);
            return ms.HasValue && !double.IsNaN(ms.Value) && !double.IsInfinity(ms.Value) ? ms : null;
        }

        internal static DateTimeOffset? NullableTime(DbDataReader r, int ordinal) =>
            r.IsDBNull(ordinal) ? (DateTimeOffset?)null : UnixTime.FromMs(r.GetInt64(ordinal));

        /// <summary>A blob column's bytes, or null; a hand edit that put text or a number there reads as bytes.</summary>
        internal static byte[] Blob(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<byte[]>(ordinal);

        /// <summary>An integer column that this module writes as an Int32, clamped to its range rather than failing with an OverflowException.</summary>
        internal static int Int32(DbDataReader r, int ordinal) => (int)Math.Min(Math.Max(r.GetInt64(ordinal), int.MinValue), int.MaxValue);

        // An action name this version does not know (written by hand, or by a newer module) still reads; the chain check flags hand edits.
        // Only the exact name counts: Enum.TryParse also takes "3" for Rotated, which would let an edited row keep its tag.
        private static AuditAction ParseAction(string text) =>
            Enum.TryParse(text, out AuditAction action) && action.ToString() == text ? action : (AuditAction)(-1);
    }
}
