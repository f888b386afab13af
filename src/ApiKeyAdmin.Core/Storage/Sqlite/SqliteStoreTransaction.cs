using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>One transaction's view of a SQLite store.</summary>
    internal sealed class SqliteStoreTransaction : IStoreTransaction
    {
        internal const string KeyGenerationSetting = "key_generation";

        private readonly SqliteConnection connection;
        private readonly SqliteTransaction transaction;

        internal SqliteStoreTransaction(SqliteConnection connection, SqliteTransaction transaction)
        {
            this.connection = connection;
            this.transaction = transaction;
        }

        public string GetSetting(string name)
        {
            using (SqliteCommand c = Command("SELECT value FROM settings WHERE name = @n"))
            {
                c.Parameters.AddWithValue("@n", name);
                return c.ExecuteScalar() as string;
            }
        }

        public void SetSetting(string name, string value)
        {
            using (SqliteCommand c = Command("INSERT INTO settings (name, value) VALUES (@n, @v) ON CONFLICT (name) DO UPDATE SET value = excluded.value"))
            {
                c.Parameters.AddWithValue("@n", name);
                c.Parameters.AddWithValue("@v", value);
                c.ExecuteNonQuery();
            }
        }

        public IReadOnlyList<AdminRole> GetRoles(string role)
        {
            using (SqliteCommand c = Command(
                "SELECT user_name, role, email, granted_at, granted_by FROM roles WHERE @r IS NULL OR role = @r ORDER BY user_name, role"))
            {
                c.Parameters.AddWithValue("@r", (object)role ?? System.DBNull.Value);
                var roles = new List<AdminRole>();
                using (SqliteDataReader r = c.ExecuteReader())
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
            using (SqliteCommand c = Command(
                "INSERT INTO roles (user_name, role, email, granted_at, granted_by) VALUES (@u, @r, @e, @t, @b)"))
            {
                c.Parameters.AddWithValue("@u", role.User);
                c.Parameters.AddWithValue("@r", role.Role);
                c.Parameters.AddWithValue("@e", role.Email);
                c.Parameters.AddWithValue("@t", UnixTime.ToMs(role.GrantedAt));
                c.Parameters.AddWithValue("@b", role.GrantedBy);
                c.ExecuteNonQuery();
            }
        }

        public bool RemoveRole(string user, string role)
        {
            using (SqliteCommand c = Command("DELETE FROM roles WHERE user_name = @u AND role = @r"))
            {
                c.Parameters.AddWithValue("@u", user);
                c.Parameters.AddWithValue("@r", role);
                return c.ExecuteNonQuery() > 0;
            }
        }

        public KeyRecord GetKey(string keyId)
        {
            using (SqliteCommand c = Command("SELECT " + SqliteRows.KeyColumns + SqliteRows.KeyFrom + "WHERE k.key_id = @id"))
            {
                c.Parameters.AddWithValue("@id", keyId);
                using (SqliteDataReader r = c.ExecuteReader())
                {
                    return r.Read() ? StoreRows.ReadKey(r) : null;
                }
            }
        }

        public IReadOnlyList<KeyRecord> GetKeys(IReadOnlyList<string> accounts, KeyKind? kind)
        {
            using (SqliteCommand c = Command(string.Empty))
            {
                string where = "WHERE 1 = 1";
                if (accounts != null)
                {
                    where += " AND a.name IN (" + SqliteRows.InList(c, "a", accounts) + ")";
                }

                if (kind.HasValue)
                {
                    where += " AND k.kind = @kind";
                    c.Parameters.AddWithValue("@kind", (int)kind.Value);
                }

                c.CommandText = "SELECT " + SqliteRows.KeyColumns + SqliteRows.KeyFrom + where + " ORDER BY a.name, k.kind, k.created_at DESC, k.id DESC";
                var keys = new List<KeyRecord>();
                using (SqliteDataReader r = c.ExecuteReader())
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
            using (SqliteCommand c = Command("SELECT EXISTS (SELECT 1" + SqliteRows.KeyFrom + "WHERE a.name = @a AND k.kind = @kind)"))
            {
                c.Parameters.AddWithValue("@a", account);
                c.Parameters.AddWithValue("@kind", (int)kind);
                return System.Convert.ToInt64(c.ExecuteScalar()) != 0;
            }
        }

        public void AddKey(KeyRecord key)
        {
            using (SqliteCommand c = Command(
                "INSERT INTO accounts (name) VALUES (@a) ON CONFLICT (name) DO NOTHING; " +
                "INSERT INTO keys (key_id, account_id, kind, status, description, created_at, created_by, deactivated_at, deactivated_by, " +
                "expires_at, last_used_at, secret_hash, masked_key, encrypted_secret, tag, app_name, scope) " +
                "VALUES (@id, (SELECT id FROM accounts WHERE name = @a), @kind, @status, @description, @created, @createdBy, @deactivated, " +
                "@deactivatedBy, @expires, NULL, @hash, @masked, @encrypted, @tag, @app, @scope);"))
            {
                StoreParameters.AddNewKey(c, key);
                c.ExecuteNonQuery();
            }

            BumpKeyGeneration();
        }

        public void UpdateKey(KeyRecord key)
        {
            using (SqliteCommand c = Command(
                "UPDATE keys SET status = @status, deactivated_at = @deactivated, deactivated_by = @deactivatedBy, expires_at = @expires, " +
                "encrypted_secret = @encrypted, tag = @tag WHERE key_id = @id"))
            {
                c.Parameters.AddWithValue("@id", key.KeyId);
                StoreParameters.AddMutableKeyFields(c, key);
                c.ExecuteNonQuery();
            }

            BumpKeyGeneration();
        }

        public void MarkKeysChanged() => BumpKeyGeneration();

        public int EraseEncryptedSecrets()
        {
            using (SqliteCommand c = Command("UPDATE keys SET encrypted_secret = NULL WHERE encrypted_secret IS NOT NULL"))
            {
                return c.ExecuteNonQuery();
            }
        }

        public AuditHead GetAuditHead()
        {
            using (SqliteCommand c = Command("SELECT seq, tag FROM audit_head WHERE id = 1"))
            using (SqliteDataReader r = c.ExecuteReader())
            {
                return r.Read() ? new AuditHead(r.GetInt64(0), StoreRows.Blob(r, 1) ?? AuditHead.Empty.Tag) : AuditHead.Empty;
            }
        }

        public byte[] GetAuditTag(long sequence)
        {
            using (SqliteCommand c = Command("SELECT tag FROM audit WHERE seq = @seq"))
            {
                c.Parameters.AddWithValue("@seq", sequence);
                return c.ExecuteScalar() as byte[];
            }
        }

        public void AppendAudit(AuditRecord record)
        {
            using (SqliteCommand c = Command(
                "INSERT INTO audit (" + StoreRows.AuditColumns + ") VALUES (@seq, @ts, @actor, @action, @account, @key, @detail, @tag); " +
                "INSERT INTO audit_head (id, seq, tag) VALUES (1, @seq, @tag) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, tag = excluded.tag;"))
            {
                StoreParameters.AddAudit(c, record);
                c.ExecuteNonQuery();
            }
        }

        public IReadOnlyList<string> GetAccountNames()
        {
            using (SqliteCommand c = Command("SELECT name FROM accounts ORDER BY name"))
            using (SqliteDataReader r = c.ExecuteReader())
            {
                var names = new List<string>();
                while (r.Read())
                {
                    names.Add(r.GetString(0));
                }

                return names;
            }
        }

        // Verifiers poll this counter to learn that keys changed, without reloading on every unrelated commit.
        private void BumpKeyGeneration()
        {
            using (SqliteCommand c = Command(
                "INSERT INTO settings (name, value) VALUES (@n, '1') ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1"))
            {
                c.Parameters.AddWithValue("@n", KeyGenerationSetting);
                c.ExecuteNonQuery();
            }
        }

        private SqliteCommand Command(string sql) => SqliteRows.Command(connection, transaction, sql);
    }
}
