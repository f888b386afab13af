using System;
using System.Collections.Generic;
using Npgsql;
using NpgsqlTypes;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>One transaction's view of a PostgreSQL store; the schema is the connection's search path.</summary>
    internal sealed class PostgreSqlStoreTransaction : IStoreTransaction
    {
        private readonly NpgsqlConnection connection;
        private readonly NpgsqlTransaction transaction;

        internal PostgreSqlStoreTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            this.connection = connection;
            this.transaction = transaction;
        }

        public string GetSetting(string name)
        {
            using (NpgsqlCommand c = Command("SELECT value FROM settings WHERE name = @n"))
            {
                c.Parameters.AddWithValue("n", name);
                return c.ExecuteScalar() as string;
            }
        }

        public void SetSetting(string name, string value)
        {
            using (NpgsqlCommand c = Command("INSERT INTO settings (name, value) VALUES (@n, @v) ON CONFLICT (name) DO UPDATE SET value = excluded.value"))
            {
                c.Parameters.AddWithValue("n", name);
                c.Parameters.AddWithValue("v", value);
                c.ExecuteNonQuery();
            }
        }

        public IReadOnlyList<AdminRole> GetRoles(string role)
        {
            using (NpgsqlCommand c = Command(
                "SELECT user_name, role, email, granted_at, granted_by FROM roles WHERE @r::text IS NULL OR role = @r ORDER BY lower(user_name), role"))
            {
                c.Parameters.Add(new NpgsqlParameter("r", NpgsqlDbType.Text) { Value = (object)role ?? DBNull.Value });
                var roles = new List<AdminRole>();
                using (NpgsqlDataReader r = c.ExecuteReader())
                {
                    while (r.Read())
                    {
                        roles.Add(new AdminRole(r.GetString(0), r.GetString(1), r.GetString(2), UnixTime.FromMs(r.GetInt64(3)), r.GetString(4)));
                    }
                }

                return roles;
            }
        }

        public void AddRole(AdminRole role)
        {
            using (NpgsqlCommand c = Command(
                "INSERT INTO roles (user_name, role, email, granted_at, granted_by) VALUES (@u, @r, @e, @t, @b)"))
            {
                c.Parameters.AddWithValue("u", role.User);
                c.Parameters.AddWithValue("r", role.Role);
                c.Parameters.AddWithValue("e", role.Email);
                c.Parameters.AddWithValue("t", UnixTime.ToMs(role.GrantedAt));
                c.Parameters.AddWithValue("b", role.GrantedBy);
                c.ExecuteNonQuery();
            }
        }

        public bool RemoveRole(string user, string role)
        {
            using (NpgsqlCommand c = Command("DELETE FROM roles WHERE lower(user_name) = lower(@u) AND role = @r"))
            {
                c.Parameters.AddWithValue("u", user);
                c.Parameters.AddWithValue("r", role);
                return c.ExecuteNonQuery() > 0;
            }
        }

        public KeyRecord GetKey(string keyId)
        {
            using (NpgsqlCommand c = Command("SELECT " + PostgreSqlRows.KeyColumns + PostgreSqlRows.KeyFrom + "WHERE k.key_id = @id"))
            {
                c.Parameters.AddWithValue("id", keyId);
                using (NpgsqlDataReader r = c.ExecuteReader())
                {
                    return r.Read() ? StoreRows.ReadKey(r) : null;
                }
            }
        }

        public IReadOnlyList<KeyRecord> GetKeys(IReadOnlyList<string> accounts, KeyKind? kind)
        {
            using (NpgsqlCommand c = Command(string.Empty))
            {
                string where = "WHERE true";
                if (accounts != null)
                {
                    var lowered = new List<string>(accounts.Count);
                    foreach (string account in accounts)
                    {
                        lowered.Add(account.ToLowerInvariant());
                    }

                    where += " AND lower(a.name) = " + PostgreSqlRows.AnyOf(c, "a", lowered);
                }

                if (kind.HasValue)
                {
                    where += " AND k.kind = @kind";
                    c.Parameters.AddWithValue("kind", (int)kind.Value);
                }

                c.CommandText = "SELECT " + PostgreSqlRows.KeyColumns + PostgreSqlRows.KeyFrom + where +
                    " ORDER BY lower(a.name), k.kind, k.created_at DESC, k.id DESC";
                var keys = new List<KeyRecord>();
                using (NpgsqlDataReader r = c.ExecuteReader())
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
            using (NpgsqlCommand c = Command("SELECT EXISTS (SELECT 1" + PostgreSqlRows.KeyFrom + "WHERE lower(a.name) = lower(@a) AND k.kind = @kind)"))
            {
                c.Parameters.AddWithValue("a", account);
                c.Parameters.AddWithValue("kind", (int)kind);
                return (bool)c.ExecuteScalar();
            }
        }

        public void AddKey(KeyRecord key)
        {
            using (NpgsqlCommand c = Command(
                "INSERT INTO accounts (name) VALUES (@a) ON CONFLICT (lower(name)) DO NOTHING; " +
                "INSERT INTO keys (key_id, account_id, kind, status, description, created_at, created_by, deactivated_at, deactivated_by, " +
                "expires_at, secret_hash, masked_key, encrypted_secret, tag, app_name, scope) " +
                "VALUES (@id, (SELECT id FROM accounts WHERE lower(name) = lower(@a)), @kind, @status, @description, @created, @createdBy, " +
                "@deactivated, @deactivatedBy, @expires, @hash, @masked, @encrypted, @tag, @app, @scope);"))
            {
                StoreParameters.AddNewKey(c, key);
                c.ExecuteNonQuery();
            }

            BumpKeyGeneration();
        }

        public void UpdateKey(KeyRecord key)
        {
            using (NpgsqlCommand c = Command(
                "UPDATE keys SET status = @status, deactivated_at = @deactivated, deactivated_by = @deactivatedBy, expires_at = @expires, " +
                "encrypted_secret = @encrypted, tag = @tag WHERE key_id = @id"))
            {
                c.Parameters.AddWithValue("id", key.KeyId);
                StoreParameters.AddMutableKeyFields(c, key);
                c.ExecuteNonQuery();
            }

            BumpKeyGeneration();
        }

        public void MarkKeysChanged() => BumpKeyGeneration();

        public int EraseEncryptedSecrets()
        {
            using (NpgsqlCommand c = Command("UPDATE keys SET encrypted_secret = NULL WHERE encrypted_secret IS NOT NULL"))
            {
                return c.ExecuteNonQuery();
            }
        }

        public AuditHead GetAuditHead()
        {
            using (NpgsqlCommand c = Command("SELECT seq, tag FROM audit_head WHERE id = 1"))
            using (NpgsqlDataReader r = c.ExecuteReader())
            {
                return r.Read() ? new AuditHead(r.GetInt64(0), StoreRows.Blob(r, 1) ?? AuditHead.Empty.Tag) : AuditHead.Empty;
            }
        }

        public byte[] GetAuditTag(long sequence)
        {
            using (NpgsqlCommand c = Command("SELECT tag FROM audit WHERE seq = @seq"))
            {
                c.Parameters.AddWithValue("seq", sequence);
                return c.ExecuteScalar() as byte[];
            }
        }

        public void AppendAudit(AuditRecord record)
        {
            using (NpgsqlCommand c = Command(
                "INSERT INTO audit (" + StoreRows.AuditColumns + ") VALUES (@seq, @ts, @actor, @action, @account, @key, @detail, @tag); " +
                "INSERT INTO audit_head (id, seq, tag) VALUES (1, @seq, @tag) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, tag = excluded.tag;"))
            {
                StoreParameters.AddAudit(c, record);
                c.ExecuteNonQuery();
            }
        }

        public IReadOnlyList<string> GetAccountNames()
        {
            using (NpgsqlCommand c = Command("SELECT name FROM accounts ORDER BY lower(name)"))
            using (NpgsqlDataReader r = c.ExecuteReader())
            {
                var names = new List<string>();
                while (r.Read())
                {
                    names.Add(r.GetString(0));
                }

                return names;
            }
        }

        // Verifiers on every host poll this counter to learn that keys changed, without reloading on unrelated commits.
        private void BumpKeyGeneration()
        {
            // The notification goes out when the transaction commits, and not at all if it rolls back; repeats within one
            // transaction are folded into one.
            using (NpgsqlCommand c = Command(
                "INSERT INTO key_generation (id, value) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET value = key_generation.value + 1; " +
                "SELECT pg_notify('" + PostgreSqlKeyStore.ChangeChannel + "', current_schema())"))
            {
                c.ExecuteNonQuery();
            }
        }

        private NpgsqlCommand Command(string sql) => PostgreSqlRows.Command(connection, transaction, sql);
    }
}
