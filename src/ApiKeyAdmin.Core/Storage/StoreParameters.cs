using System;
using System.Data;
using System.Data.Common;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// The parameters of the key and audit writes every store makes, bound by name with explicit types (so a null has
    /// one for PostgreSQL too). Names carry the '@' both providers accept.
    /// </summary>
    internal static class StoreParameters
    {
        /// <summary>@a, @id, @kind, @description, @created, @createdBy, @hash, @masked, @app, @scope and <see cref="AddMutableKeyFields"/>'s: a new key row.</summary>
        internal static void AddNewKey(DbCommand c, KeyRecord key)
        {
            Add(c, "@a", DbType.String, key.Account);
            Add(c, "@id", DbType.String, key.KeyId);
            Add(c, "@kind", DbType.Int32, (int)key.Kind);
            Add(c, "@description", DbType.String, key.Description ?? string.Empty);
            Add(c, "@created", DbType.Int64, UnixTime.ToMs(key.CreatedAt));
            Add(c, "@createdBy", DbType.String, key.CreatedBy);
            Add(c, "@hash", DbType.Binary, key.SecretHash);
            Add(c, "@masked", DbType.String, key.MaskedKey);
            Add(c, "@app", DbType.String, key.AppName ?? string.Empty);
            Add(c, "@scope", DbType.String, key.Scope ?? string.Empty);
            AddMutableKeyFields(c, key);
        }

        /// <summary>@status, @deactivated, @deactivatedBy, @expires, @encrypted and @tag: what a key's later changes rewrite.</summary>
        internal static void AddMutableKeyFields(DbCommand c, KeyRecord key)
        {
            Add(c, "@status", DbType.Int32, (int)key.StoredStatus);
            Add(c, "@deactivated", DbType.Int64, UnixTime.ToMs(key.DeactivatedAt));
            Add(c, "@deactivatedBy", DbType.String, key.DeactivatedBy);
            Add(c, "@expires", DbType.Int64, UnixTime.ToMs(key.ExpiresAt));
            Add(c, "@encrypted", DbType.Binary, key.EncryptedSecret);
            Add(c, "@tag", DbType.Binary, key.Tag);
        }

        /// <summary>@seq, @ts, @actor, @action, @account, @key, @detail and @tag: an audit row in <see cref="StoreRows.AuditColumns"/>' order.</summary>
        internal static void AddAudit(DbCommand c, AuditRecord record)
        {
            Add(c, "@seq", DbType.Int64, record.Sequence);
            Add(c, "@ts", DbType.Int64, UnixTime.ToMs(record.Timestamp));
            Add(c, "@actor", DbType.String, record.Actor);
            Add(c, "@action", DbType.String, record.Action.ToString());
            Add(c, "@account", DbType.String, record.Account ?? string.Empty);
            Add(c, "@key", DbType.String, record.KeyId ?? string.Empty);
            Add(c, "@detail", DbType.String, record.Detail ?? string.Empty);
            Add(c, "@tag", DbType.Binary, record.Tag);
        }

        /// <summary>@g: a role row's integrity tag.</summary>
        internal static void AddRoleTag(DbCommand c, AdminRole role) => Add(c, "@g", DbType.Binary, role.Tag);

        private static void Add(DbCommand c, string name, DbType type, object value)
        {
            DbParameter parameter = c.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = value ?? DBNull.Value;
            c.Parameters.Add(parameter);
        }
    }
}
