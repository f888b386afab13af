using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.TestSupport;
using ApiKeyAdmin.Verification;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Storage.PostgreSql.Tests
{
    /// <summary>
    /// The shared store's least privilege, held by PostgreSQL's own grants: what each login may do by command and by
    /// plain SQL, that the acting user is the login, and that access comes and goes with Grant/Revoke-ApiKeyStoreAccess.
    /// </summary>
    public sealed class StoreAccessTests : IDisposable
    {
        private readonly StoreLogins logins = new StoreLogins();

        public void Dispose() => logins.Dispose();

        [SkippableFact]
        public void A_verify_login_by_plain_SQL_reads_no_secret_copy_email_or_audit_detail_and_writes_only_calls_and_last_use()
        {
            string verify = logins.Verifier.ConnectionString;
            // What verification reads.
            Assert.Equal(1L, StoreLogins.Scalar(verify, "SELECT count(*) FROM keys WHERE secret_hash IS NOT NULL AND tag IS NOT NULL"));
            Assert.NotNull(StoreLogins.Scalar(verify, "SELECT value FROM settings WHERE name = 'signing_key'"));
            Assert.NotNull(StoreLogins.Scalar(verify, "SELECT max(seq) FROM audit"));
            // What it may not read: the sealed signing key is not even there for it.
            Assert.Null(StoreLogins.Scalar(verify, "SELECT value FROM settings WHERE name = 'signing_key_sealed'"));
            Assert.NotNull(StoreLogins.Scalar(logins.Store.ConnectionString, "SELECT value FROM settings WHERE name = 'signing_key_sealed'"));
            foreach (string read in new[]
            {
                "SELECT encrypted_secret FROM keys", "SELECT * FROM keys", "SELECT email FROM roles", "SELECT user_name FROM roles",
                "SELECT detail FROM audit", "SELECT actor FROM audit", "SELECT * FROM store_access", "SELECT * FROM calls",
            })
            {
                AssertRefused(verify, read);
            }

            // What it may not write, table by table.
            foreach (string write in new[]
            {
                "UPDATE keys SET status = 0", "DELETE FROM keys", "UPDATE keys SET encrypted_secret = NULL",
                "INSERT INTO accounts (name) VALUES ('mallory')", "UPDATE accounts SET name = 'x'", "DELETE FROM accounts",
                "INSERT INTO roles VALUES ('mallory', 'SuperAdmin', '', 0, 'root')", "DELETE FROM roles",
                "UPDATE settings SET value = 'x'", "INSERT INTO settings VALUES ('x', 'y')", "DELETE FROM settings",
                "INSERT INTO audit VALUES (999, 0, 'x', 'x', '', '', '', '\\x00')", "DELETE FROM audit", "UPDATE audit SET detail = ''",
                "UPDATE audit_head SET seq = 1", "DELETE FROM audit_head", "UPDATE key_generation SET value = 0",
                "INSERT INTO schema_version (version) VALUES (99)", "DELETE FROM schema_version",
                "INSERT INTO store_access VALUES ('mallory', 2, 0, 'x', '\\x00')", "DELETE FROM store_access",
                "DELETE FROM calls", "UPDATE calls SET outcome = 0", "DELETE FROM key_usage", "TRUNCATE calls",
                "CREATE TABLE mine (id integer)", "ALTER TABLE keys DROP COLUMN tag", "DROP TABLE calls",
            })
            {
                AssertRefused(verify, write);
            }

            // What verification writes: a call row (into a day the owner's function makes) and a key's last use.
            long day = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / UnixTime.MsPerDay;
            StoreLogins.Sql(verify, $"SELECT make_call_partition({day})");
            StoreLogins.Sql(verify, $"INSERT INTO calls (ts, method, path, client, outcome, reason, fingerprint) VALUES ({day * UnixTime.MsPerDay + 1}, 'GET', '/', '', 0, 0, '')");
            StoreLogins.Sql(verify, $"INSERT INTO key_usage (key_row, last_used_at) SELECT id, 5 FROM keys ON CONFLICT (key_row) DO UPDATE SET last_used_at = excluded.last_used_at");
            Assert.Equal(1L, logins.Store.Count("SELECT count(*) FROM calls"));
            Assert.Equal(5L, logins.Store.Count("SELECT max(last_used_at) FROM key_usage"));
            // Today's partition is no verify login's to drop.
            Assert.Equal(0L, StoreLogins.Scalar(verify, $"SELECT drop_call_partition({day})"));
            Assert.Equal(1L, logins.Store.Count("SELECT count(*) FROM calls"));
        }

        [SkippableFact]
        public void A_verifier_on_a_host_with_no_key_file_verifies_records_calls_and_retires_old_days_as_a_verify_login()
        {
            // A day past the retention, made (and filled) by the owner: the verify-only host's retention drops it.
            long oldDay = DateTimeOffset.UtcNow.AddDays(-10).ToUnixTimeMilliseconds() / UnixTime.MsPerDay;
            logins.Store.Sql($"SELECT make_call_partition({oldDay})");
            logins.Store.Sql($"INSERT INTO calls (ts, method, path, client, outcome, reason, fingerprint) VALUES ({oldDay * UnixTime.MsPerDay}, 'GET', '/', '', 0, 0, '')");
            var keyStore = new PostgreSqlKeyStore(logins.Verifier.ConnectionString);
            using (var verifier = new KeyVerifier(keyStore, logins.NoKeyFile(), new KeyVerifierOptions { BatchCalls = false }, logins.Store.HostState))
            {
                Assert.True(verifier.Verify(logins.Secret, "GET", "/orders", "10.0.0.1").IsValid);
                Assert.False(verifier.Verify("ak_std_forged", "GET", "/orders", "10.0.0.1").IsValid);
                Assert.Equal(1, keyStore.PruneCalls(DateTimeOffset.UtcNow - ApiKeyManager.CallRetention, 1000));
            }

            Assert.Equal(2L, logins.Store.Count("SELECT count(*) FROM calls WHERE path = '/orders'"));
            Assert.Equal(0L, logins.Store.Count($"SELECT count(*) FROM calls WHERE ts < {(oldDay + 1) * UnixTime.MsPerDay}"));
            Assert.Equal(1L, logins.Store.Count("SELECT count(*) FROM key_usage"));
        }

        [SkippableFact]
        public void An_API_host_process_with_no_key_file_verifies_as_a_verify_login_records_calls_and_sees_a_rotation()
        {
            string keyId = logins.Owner.Keys.List(new KeyQuery()).Keys.Single().Key.KeyId;
            using (VerifyOnlyHost host = VerifyOnlyHost.Start(logins.Store.Folder, logins.Verifier.ConnectionString))
            {
                Assert.Equal("Valid", host.Verify("/orders/1", logins.Secret));
                Assert.Equal("Unknown", host.Verify("/orders/2", ApiKeyAdmin.Secrets.KeyFormat.Generate(KeyKind.Standard)));

                // What the owner sees of it: the call rows, as the Verify login, and the key's last use.
                CallRecord call = OwnersCalls("/orders/1").Single();
                Assert.Equal((CallOutcome.Allowed, VerificationReason.Valid, "acme", keyId, VerifyOnlyHost.ClientAddress),
                    (call.Outcome, call.Reason, call.Account, call.KeyId, call.ClientAddress));
                Assert.Equal((CallOutcome.Denied, VerificationReason.Unknown), (OwnersCalls("/orders/2").Single().Outcome, OwnersCalls("/orders/2").Single().Reason));
                Assert.NotNull(logins.Owner.Keys.List(new KeyQuery { KeyId = keyId }).Keys.Single().Key.LastUsedAt);

                // Rotated by the owner without grace: the host stops taking the old key within its change check.
                IssuedKey next = logins.Owner.Keys.Rotate("acme", KeyKind.Standard, keyId, null);
                int attempt = 0;
                Assert.True(LogTestStore.Eventually(() => host.Verify($"/after/{attempt++}", logins.Secret) == "Deactivated", TimeSpan.FromSeconds(10)),
                    "the host kept verifying a key the owner rotated without grace");
                Assert.Equal("Valid", host.Verify("/after/next", next.Secret));
                Assert.Equal("ok", host.Stop());

                // Handed nothing, it made nothing it could decrypt with; what it keeps is the pin of the store's public key.
                Assert.Empty(System.IO.Directory.GetFiles(host.ConfigHome, "*", System.IO.SearchOption.AllDirectories));
                Assert.Single(System.IO.Directory.GetFiles(host.StateHome, "*." + ApiKeyAdmin.Secrets.SigningKeyPin.Purpose, System.IO.SearchOption.AllDirectories));
            }
        }

        [SkippableFact]
        public void Every_command_of_a_verify_login_is_SuperAdminRequired_and_writes_no_audit_row()
        {
            ApiKeyManager verify = logins.As(logins.Verifier.ConnectionString, logins.NoKeyFile());
            long audit = logins.Store.Count("SELECT count(*) FROM audit");

            foreach (Action command in Commands(verify))
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(command);
                Assert.Equal("SuperAdminRequired", ex.ErrorId);
                Assert.Equal(logins.Verifier.Login, ex.Target);
            }

            Assert.Equal(audit, logins.Store.Count("SELECT count(*) FROM audit"));
        }

        [SkippableFact]
        public void A_login_with_no_access_reads_nothing_and_every_command_and_verification_is_StoreAccessDenied()
        {
            string none = logins.Nobody.ConnectionString;
            // Its search path names the schema, whose names it cannot even look up; qualified, every read is refused.
            foreach (string table in new[] { "settings", "keys", "accounts", "audit_head", "schema_version", "key_generation", "key_usage", "calls" })
            {
                AssertRefused(none, $"SELECT * FROM {logins.Store.Schema}.{table}");
            }

            ApiKeyManager nobody = logins.As(none);
            foreach (Action command in Commands(nobody).Append(() => nobody.Roles.Grant("someone", Roles.SuperAdmin, null)))
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(command);
                Assert.Equal("StoreAccessDenied", ex.ErrorId);
                Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
                Assert.Contains("Grant-ApiKeyStoreAccess", ex.Message);
                Assert.Contains(PostgreSqlServer.Role, ex.Message);
            }

            using (var verifier = new KeyVerifier(new PostgreSqlKeyStore(none), logins.NoKeyFile(), new KeyVerifierOptions { BatchCalls = false }, logins.Store.HostState))
            {
                Assert.Equal("StoreAccessDenied", Assert.ThrowsAny<ApiKeyAdminException>(() => verifier.Open()).ErrorId);
            }
        }

        [SkippableFact]
        public void An_administer_login_without_the_role_is_refused_and_audited_under_its_login()
        {
            ApiKeyManager admin = logins.As(logins.Admin.ConnectionString);

            foreach (Action command in Commands(admin))
            {
                Assert.Equal("SuperAdminRequired", Assert.ThrowsAny<ApiKeyAdminException>(command).ErrorId);
            }

            // Newest first.
            AuditEntry refusal = logins.Owner.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).First();
            Assert.Equal(AuditAction.AccessDenied, refusal.Action);
            Assert.Equal(logins.Admin.Login, refusal.Actor);
        }

        [SkippableFact]
        public void A_Super_Admin_login_administers_under_its_login_but_only_the_owner_grants_access()
        {
            ApiKeyManager super = logins.As(logins.Super.ConnectionString);
            string keyId = super.Keys.Create("beta", KeyKind.Standard, null).Key.KeyId;

            Assert.Equal(logins.Super.Login, super.Keys.List(new KeyQuery()).Keys.Single(k => k.Key.KeyId == keyId).Key.CreatedBy);
            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => super.Access.Grant(logins.Nobody.Login, StoreAccess.Verify));
            Assert.Equal("StoreOwnerRequired", ex.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
            Assert.Contains(PostgreSqlServer.Role, ex.Message);
            Assert.Equal("StoreOwnerRequired", Assert.ThrowsAny<ApiKeyAdminException>(() => super.Access.Revoke(logins.Verifier.Login)).ErrorId);
            // It may still see who has access.
            Assert.Equal(new[] { logins.Admin.Login, logins.Super.Login, logins.Verifier.Login }.OrderBy(l => l, StringComparer.Ordinal),
                super.Access.List(null).Select(g => g.Login));
        }

        [SkippableFact]
        public void Grants_are_audited_under_the_owners_login_and_a_revoke_takes_every_privilege_and_row()
        {
            StoreAccessGrant verify = logins.Owner.Access.List(logins.Verifier.Login).Single();
            Assert.Equal(StoreAccess.Verify, verify.Access);
            Assert.Equal(PostgreSqlServer.Role, verify.GrantedBy);
            List<AuditEntry> audit = logins.Owner.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToList();
            Assert.Equal(AuditAction.StoreCreated, audit.Last().Action);
            Assert.Equal(PostgreSqlServer.Role, audit.Last().Actor);
            Assert.Contains(audit, a => a.Action == AuditAction.AccessGranted && a.Detail.Contains(logins.Verifier.Login) && a.Actor == PostgreSqlServer.Role);

            logins.Owner.Access.Revoke(logins.Verifier.Login);
            logins.Owner.Access.Revoke(logins.Admin.Login);

            foreach (string login in new[] { logins.Verifier.Login, logins.Admin.Login })
            {
                Assert.Equal(0L, logins.Store.Count(
                    "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = '" + login + "' AND table_schema = '" + logins.Store.Schema + "'"));
                Assert.Equal(0L, logins.Store.Count(
                    "SELECT count(*) FROM information_schema.column_privileges WHERE grantee = '" + login + "' AND table_schema = '" + logins.Store.Schema + "'"));
                Assert.Equal(0L, logins.Store.Count(
                    "SELECT count(*) FROM information_schema.routine_privileges WHERE grantee = '" + login + "' AND routine_schema = '" + logins.Store.Schema + "'"));
                Assert.False((bool)StoreLogins.Scalar(logins.Store.ConnectionString, $"SELECT has_schema_privilege('{login}', '{logins.Store.Schema}', 'USAGE')"));
            }

            Assert.Empty(logins.Owner.Access.List(logins.Verifier.Login));
            Assert.Contains(logins.Owner.Logs.ReadAudit(new AuditFilter(), CancellationToken.None), a => a.Action == AuditAction.AccessRevoked && a.Detail.Contains(logins.Admin.Login));
            Assert.Equal("StoreAccessDenied", Assert.ThrowsAny<ApiKeyAdminException>(() => logins.As(logins.Admin.ConnectionString).Keys.List(new KeyQuery())).ErrorId);
            Assert.Equal("StoreAccessNotGranted", Assert.ThrowsAny<ApiKeyAdminException>(() => logins.Owner.Access.Revoke(logins.Admin.Login)).ErrorId);
        }

        [SkippableFact]
        public void Granting_a_missing_login_or_the_owner_is_refused_and_Verify_can_become_Administer()
        {
            Assert.Equal("LoginNotFound", Assert.ThrowsAny<ApiKeyAdminException>(() => logins.Owner.Access.Grant("no_such_login", StoreAccess.Verify)).ErrorId);
            Assert.Equal("LoginIsStoreOwner", Assert.ThrowsAny<ApiKeyAdminException>(() => logins.Owner.Access.Grant(PostgreSqlServer.Role, StoreAccess.Verify)).ErrorId);

            logins.Owner.Access.Grant(logins.Verifier.Login, StoreAccess.Administer);

            Assert.Equal(StoreAccess.Administer, logins.Owner.Access.List(logins.Verifier.Login).Single().Access);
            Assert.NotNull(StoreLogins.Scalar(logins.Verifier.ConnectionString, "SELECT value FROM settings WHERE name = 'signing_key_sealed'"));
        }

        [SkippableFact]
        public void An_access_row_written_by_hand_is_not_listed_and_Test_ApiKeyAuditLog_reports_it()
        {
            Assert.True(logins.Owner.Audit.Verify(CancellationToken.None).IsValid);
            logins.Store.Sql("INSERT INTO store_access VALUES ('mallory', 2, 0, 'root', '\\x00')");

            Assert.DoesNotContain(logins.Owner.Access.List(null), g => g.Login == "mallory");
            AuditVerification check = logins.Owner.Audit.Verify(CancellationToken.None);
            Assert.False(check.IsValid);
            Assert.Contains("mallory", check.Reason);
        }

        [SkippableFact]
        public void An_older_schema_met_by_a_login_other_than_the_owner_is_StoreOwnerRequired()
        {
            logins.Store.Sql("DELETE FROM schema_version WHERE version = 3");

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => logins.As(logins.Super.ConnectionString).Keys.List(new KeyQuery()));

            Assert.Equal("StoreOwnerRequired", ex.ErrorId);
            Assert.Contains(PostgreSqlServer.Role, ex.Message);
        }

        private List<CallRecord> OwnersCalls(string path) => logins.Owner.Logs.ReadCalls(
            new CallFilter { Since = DateTimeOffset.UtcNow.AddDays(-1), Path = PathPattern.Parse(path) }, CancellationToken.None).ToList();

        // One command of each capability; none may reach the store's data for a login that may not administer.
        private static IEnumerable<Action> Commands(ApiKeyManager manager) => new Action[]
        {
            () => manager.Keys.List(new KeyQuery()),
            () => manager.Keys.Create("gamma", KeyKind.Standard, null),
            () => manager.Keys.Rotate("acme", KeyKind.Standard, null, null),
            () => manager.Roles.List(),
            () => manager.Policy.Get(),
            () => manager.Audit.Verify(CancellationToken.None),
            () => manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None).ToList(),
            () => manager.Access.List(null),
            () => manager.Access.Grant("anyone", StoreAccess.Verify),
        };

        private static void AssertRefused(string connectionString, string sql)
        {
            var ex = Assert.Throws<PostgresException>(() => StoreLogins.Sql(connectionString, sql));
            Assert.True(ex.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {ex.SqlState} {ex.MessageText}");
        }
    }
}
