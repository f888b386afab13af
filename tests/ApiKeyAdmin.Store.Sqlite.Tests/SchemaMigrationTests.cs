using System;
using System.IO;
using System.Linq;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Verification;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ApiKeyAdmin.Storage.Sqlite.Tests
{
    public sealed class SchemaMigrationTests : IDisposable
    {
        private readonly LogTestStore store = new LogTestStore();

        public void Dispose() => store.Dispose();

        [Fact]
        public void A_version_1_store_migrates_forward_keeping_its_keys_valid_and_gains_one_token_per_app()
        {
            // A store as version 1 left it: made by the current code, then rebuilt from migration 1 alone with the same rows.
            IssuedKey standard = store.CreateKey("acme");
            IssuedKey developer = store.Manager.Keys.Create("acme", KeyKind.Developer, null);
            store.CloseAll();
            LegacyStore.Downgrade(store);
            string current = store.StorePath + ".current";
            File.Move(store.StorePath, current);
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.StorePath, Pooling = false }.ToString()))
            {
                connection.Open();
                Exec(connection, SqliteSchema.Migrations[0] + "PRAGMA user_version = 1;");
                Exec(connection, $"ATTACH DATABASE '{current}' AS cur;" +
                    "INSERT INTO settings SELECT * FROM cur.settings; INSERT INTO roles SELECT user_name, role, email, granted_at, granted_by FROM cur.roles; INSERT INTO accounts SELECT * FROM cur.accounts;" +
                    "INSERT INTO keys SELECT id, key_id, account_id, kind, status, description, created_at, created_by, deactivated_at, deactivated_by, " +
                    "expires_at, last_used_at, secret_hash, masked_key, encrypted_secret, tag FROM cur.keys;" +
                    "INSERT INTO audit SELECT * FROM cur.audit; INSERT INTO audit_head SELECT * FROM cur.audit_head; DETACH DATABASE cur;");
            }

            // SQLite made the file with the umask's mode; the module's files are private, and a store that is not is refused.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(store.StorePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Assert.Equal(1, store.Count("PRAGMA user_version"));

            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false });
            Assert.True(verifier.Verify(standard.Secret).IsValid);
            Assert.True(verifier.Verify(developer.Secret).IsValid);
            Assert.Equal(SqliteSchema.CurrentVersion, store.Count("PRAGMA user_version"));
            Assert.Equal(string.Empty, store.Manager.Keys.List(new KeyQuery { KeyId = standard.Key.KeyId }).Keys.Single().Key.AppName);
            store.Manager.Keys.Create("acme", KeyKind.AppToken, null, "crm", new[] { "crm.read" });
            store.Manager.Keys.Create("acme", KeyKind.AppToken, null, "billing", new[] { "billing.read" });
            Assert.Equal("ActiveKeyExists", Assert.ThrowsAny<ApiKeyAdminException>(() => store.CreateKey("acme")).ErrorId);
            Assert.True(store.Manager.Audit.Verify(System.Threading.CancellationToken.None).IsValid);
        }

        [Fact]
        public void The_unique_indexes_refuse_a_second_active_token_for_the_same_app_written_by_hand()
        {
            IssuedKey token = store.Manager.Keys.Create("acme", KeyKind.AppToken, null, "crm", new[] { "crm.read" });

            var ex = Assert.Throws<SqliteException>(() => store.Sql(
                "INSERT INTO keys (key_id, account_id, kind, status, description, created_at, created_by, secret_hash, masked_key, tag, app_name, scope) " +
                $"SELECT 'key_copy', account_id, kind, status, description, created_at, created_by, x'00', masked_key, tag, 'CRM', scope FROM keys WHERE key_id = '{token.Key.KeyId}'"));

            Assert.Equal(19, ex.SqliteErrorCode);
        }

        private static void Exec(SqliteConnection connection, string sql)
        {
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
    }
}
