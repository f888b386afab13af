using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// One transaction's view of a store, over ADO.NET: the same statements for every database, with what differs left
    /// to its <see cref="StoreDialect"/>. Without a transaction, each statement commits on its own.
    /// </summary>
    internal sealed class StoreTransaction : IStoreTransaction
    {
        private readonly StoreDialect dialect;
        private readonly DbConnection connection;
        private readonly DbTransaction transaction;

        internal StoreTransaction(StoreDialect dialect, DbConnection connection, DbTransaction transaction)
        {
            this.dialect = dialect;
            this.connection = connection;
            this.transaction = transaction;
        }

        public string GetSetting(string name)
        {
            using (DbCommand c = Command("SELECT value FROM settings WHERE name = @n"))
            {
                StoreParameters.Add(c, "@n", DbType.String, name);
                return c.ExecuteScalar() as string;
            }
        }

        public void SetSetting(string name, string value)
        {
            using (DbCommand c = Command("INSERT INTO settings (name, value) VALUES (@n, @v) ON CONFLICT (name) DO UPDATE SET value = excluded.value"))
            {
                StoreParameters.Add(c, "@n", DbType.String, name);
                StoreParameters.Add(c, "@v", DbType.String, value);
                c.ExecuteNonQuery();
            }
        }

        public IReadOnlyList<AdminRole> GetRoles(string role)
        {
            using (DbCommand c = Command(string.Empty))
            {
                var where = new SqlConditions(dialect, c);
                where.Equal("role", "@r", DbType.String, role);
                c.CommandText = "SELECT user_name, role, email, granted_at, granted_by, tag FROM roles" + where +
                    " ORDER BY " + dialect.Folded("user_name") + ", role";
                var roles = new List<AdminRole>();
                using (DbDataReader r = c.ExecuteReader())
                {
                    while (r.Read())
                    {
                        roles.Add(new AdminRole(r.GetString(0), r.GetString(1), r.GetString(2), UnixTime.FromMs(r.GetInt64(3)), r.GetString(4))
                        {
                            Tag = StoreRows.Blob(r, 5),
                        });
                    }
                }

                return roles;
            }
        }

        public void AddRole(AdminRole role)
        {
            using (DbCommand c = Command(
                "INSERT INTO roles (user_name, role, email, granted_at, granted_by, tag) VALUES (@u, @r, @e, @t, @b, @g)"))
            {
                StoreParameters.Add(c, "@u", DbType.String, role.User);
                StoreParameters.Add(c, "@r", DbType.String, role.Role);
                StoreParameters.Add(c, "@e", DbType.String, role.Email);
                StoreParameters.Add(c, "@t", DbType.Int64, UnixTime.ToMs(role.GrantedAt));
                StoreParameters.Add(c, "@b", DbType.String, role.GrantedBy);
                StoreParameters.Add(c, "@g", DbType.Binary, role.Tag);
                c.ExecuteNonQuery();
            }
        }

        public bool RemoveRole(string user, string role)
        {
            using (DbCommand c = Command("DELETE FROM roles WHERE " + dialect.Folded("user_name") + " = " + dialect.Folded("@u") + " AND role = @r"))
            {
                StoreParameters.Add(c, "@u", DbType.String, user);
                StoreParameters.Add(c, "@r", DbType.String, role);
                return c.ExecuteNonQuery() > 0;
            }
        }

        public KeyRecord GetKey(string keyId) => FindKey(dialect.SelectKeys, "k.key_id = @id", "@id", DbType.String, keyId);

        /// <summary>The key whose secret has this hash, or null: the verifier's lookup, which never reads the encrypted copy.</summary>
        internal KeyRecord FindKeyByHash(byte[] secretHash) => FindKey(dialect.SelectKeysWithoutSecret, "k.secret_hash = @h", "@h", DbType.Binary, secretHash);

        public IReadOnlyList<KeyRecord> GetKeys(IReadOnlyList<string> accounts, KeyKind? kind)
        {
            using (DbCommand c = Command(string.Empty))
            {
                var where = new SqlConditions(dialect, c);
                if (accounts != null)
                {
                    where.Add(dialect.FoldedIn(c, "a.name", "@a", accounts));
                }

                where.Equal("k.kind", "@kind", DbType.Int32, kind.HasValue ? (object)(int)kind.Value : null);
                c.CommandText = dialect.SelectKeys + where + " ORDER BY " + dialect.Folded("a.name") + ", k.kind, k.created_at DESC, k.id DESC";
                var keys = new List<KeyRecord>();
                using (DbDataReader r = c.ExecuteReader())
                {
                    while (r.Read())
                    {
                        keys.Add(StoreRows.ReadKey(r));
                    }
                }

                return keys;
            }
        }

        public bool HasHadKey(string account, KeyKind kind)
        {
            using (DbCommand c = Command(
                "SELECT EXISTS (SELECT 1" + dialect.KeyFrom + "WHERE " + dialect.Folded("a.name") + " = " + dialect.Folded("@a") + " AND k.kind = @kind)"))
            {
                StoreParameters.Add(c, "@a", DbType.String, account);
                StoreParameters.Add(c, "@kind", DbType.Int32, (int)kind);
                // SQLite answers 0 or 1, PostgreSQL a boolean.
                return Convert.ToBoolean(c.ExecuteScalar());
            }
        }

        public void AddKey(KeyRecord key)
        {
            using (DbCommand c = Command(
                "INSERT INTO accounts (name) VALUES (@a) ON CONFLICT (" + dialect.AccountNameKey + ") DO NOTHING; " +
                "INSERT INTO keys (key_id, account_id, kind, status, description, created_at, created_by, deactivated_at, deactivated_by, " +
                "expires_at, secret_hash, masked_key, encrypted_secret, tag, app_name, scope) " +
                "VALUES (@id, (SELECT id FROM accounts WHERE " + dialect.Folded("name") + " = " + dialect.Folded("@a") + "), @kind, @status, " +
                "@description, @created, @createdBy, @deactivated, @deactivatedBy, @expires, @hash, @masked, @encrypted, @tag, @app, @scope);"))
            {
                StoreParameters.AddNewKey(c, key);
                c.ExecuteNonQuery();
            }

            MarkKeysChanged();
        }

        public void UpdateKey(KeyRecord key)
        {
            using (DbCommand c = Command(
                "UPDATE keys SET status = @status, deactivated_at = @deactivated, deactivated_by = @deactivatedBy, expires_at = @expires, " +
                "encrypted_secret = @encrypted, tag = @tag WHERE key_id = @id"))
            {
                StoreParameters.Add(c, "@id", DbType.String, key.KeyId);
                StoreParameters.AddMutableKeyFields(c, key);
                c.ExecuteNonQuery();
            }

            MarkKeysChanged();
        }

        // Verifiers poll the key generation to learn that keys changed, without reloading on every unrelated commit.
        public void MarkKeysChanged()
        {
            using (DbCommand c = Command(dialect.BumpKeyGeneration))
            {
                c.ExecuteNonQuery();
            }
        }

        public int EraseEncryptedSecrets()
        {
            using (DbCommand c = Command("UPDATE keys SET encrypted_secret = NULL WHERE encrypted_secret IS NOT NULL"))
            {
                return c.ExecuteNonQuery();
            }
        }

        public AuditHead GetAuditHead()
        {
            using (DbCommand c = Command("SELECT seq, tag FROM audit_head WHERE id = 1"))
            using (DbDataReader r = c.ExecuteReader())
            {
                return r.Read() ? new AuditHead(r.GetInt64(0), StoreRows.Blob(r, 1) ?? AuditHead.Empty.Tag) : AuditHead.Empty;
            }
        }

        public byte[] GetAuditTag(long sequence)
        {
            using (DbCommand c = Command("SELECT tag FROM audit WHERE seq = @seq"))
            {
                StoreParameters.Add(c, "@seq", DbType.Int64, sequence);
                return c.ExecuteScalar() as byte[];
            }
        }

        public void AppendAudit(AuditRecord record)
        {
            using (DbCommand c = Command(
                "INSERT INTO audit (" + StoreRows.AuditColumns + ") VALUES (@seq, @ts, @actor, @action, @account, @key, @detail, @tag); " +
                "INSERT INTO audit_head (id, seq, tag) VALUES (1, @seq, @tag) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, tag = excluded.tag;"))
            {
                StoreParameters.AddAudit(c, record);
                c.ExecuteNonQuery();
            }
        }

        public bool HasActed(string user)
        {
            using (DbCommand c = Command(string.Empty))
            {
                var where = new SqlConditions(dialect, c);
                where.FoldedEqual("actor", "@actor", user);
                c.CommandText = "SELECT 1 FROM audit" + where + " LIMIT 1";
                return c.ExecuteScalar() != null;
            }
        }

        public IReadOnlyList<string> GetAccountNames()
        {
            using (DbCommand c = Command("SELECT name FROM accounts ORDER BY " + dialect.Folded("name")))
            using (DbDataReader r = c.ExecuteReader())
            {
                var names = new List<string>();
                while (r.Read())
                {
                    names.Add(r.GetString(0));
                }

                return names;
            }
        }

        private KeyRecord FindKey(string select, string condition, string name, DbType type, object value)
        {
            using (DbCommand c = Command(select + "WHERE " + condition))
            {
                StoreParameters.Add(c, name, type, value);
                using (DbDataReader r = c.ExecuteReader())
                {
                    return r.Read() ? StoreRows.ReadKey(r) : null;
                }
            }
        }

        /// <summary>The connection this transaction runs on, for a store's own statements in the same transaction.</summary>
        internal DbConnection Connection => connection;

        /// <summary>The transaction itself, or null when each statement commits on its own.</summary>
        internal DbTransaction Transaction => transaction;

        private DbCommand Command(string sql)
        {
            DbCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }
    }
}
