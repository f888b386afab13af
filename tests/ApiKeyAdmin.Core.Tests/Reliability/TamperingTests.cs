using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// Someone who can edit the database with plain SQL but has no data-protection key: whatever they change, the
    /// verifier refuses the keys they touched, the audit chain reports the rows they touched, and no command fails with
    /// anything but one of the module's own errors.
    /// </summary>
    public abstract class TamperingTests : IDisposable
    {
        private readonly TestStore store;
        private readonly IssuedKey acme;
        private readonly IssuedKey expiring;
        private readonly IssuedKey beta;

        protected TamperingTests(StoreKind kind)
        {
            store = new TestStore(kind);
            // filler: eight keys, so that an edit that varies by row meets every odd value; acme: an Expiring key (rotated
            // with a day's grace) and its Active successor; beta: a deactivated key.
            store.Manager.Keys.Create("filler", KeyKind.Developer, null);
            for (int i = 0; i < 7; i++)
            {
                store.Manager.Keys.Rotate("filler", KeyKind.Developer, null, null);
            }

            expiring = store.Manager.Keys.Create("acme", KeyKind.Standard, "billing");
            acme = store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));
            beta = store.Manager.Keys.Create("beta", KeyKind.Standard, null);
            store.Manager.Keys.Disable("beta", KeyKind.Standard, null);

            // Policy dates far ahead, so that the settings they are kept in can be edited too.
            store.Manager.Policy.Set(new StorePolicyChange { NewKeysUntil = store.Clock.UtcNow.AddYears(5), SunsetAt = store.Clock.UtcNow.AddYears(6) });
            using (KeyVerifier verifier = NewVerifier())
            {
                for (int i = 0; i < 4; i++)
                {
                    verifier.Verify(acme.Secret, "GET", "/contacts", "203.0.113.7");
                    verifier.Verify("not a key", "GET", "/contacts", "203.0.113.7");
                }
            }
        }

        public void Dispose() => store.Dispose();

        public static TheoryData<string, string> KeyEdits => new TheoryData<string, string>
        {
            { "beta", "UPDATE keys SET status = 0 WHERE key_id = @beta" },
            { "beta", "UPDATE keys SET status = 0, deactivated_at = NULL, deactivated_by = NULL WHERE key_id = @beta" },
            { "expiring", "UPDATE keys SET status = 2 WHERE key_id = @acme; UPDATE keys SET status = 0, expires_at = NULL, deactivated_at = NULL WHERE key_id = @expiring" },
            { "acme", "UPDATE keys SET account_id = (SELECT id FROM accounts WHERE name = 'beta') WHERE key_id = @acme" },
            { "acme", "UPDATE keys SET kind = 1 WHERE key_id = @acme" },
            { "acme", "UPDATE keys SET created_at = created_at - 1 WHERE key_id = @acme" },
            { "acme", "UPDATE keys SET tag = (SELECT tag FROM keys WHERE key_id = @beta) WHERE key_id = @acme" },
        };

        [SkippableTheory]
        [MemberData(nameof(KeyEdits))]
        public void A_key_row_edited_by_SQL_is_Unknown_to_the_verifier_and_IntegrityCheckFailed_to_rotation_and_deactivation(string target, string sql)
        {
            IssuedKey key = target == "beta" ? beta : target == "expiring" ? expiring : acme;
            Assert.True(Edit(sql) >= 1, "the edit changed nothing");

            using (KeyVerifier verifier = NewVerifier())
            {
                VerificationResult result = verifier.Verify(key.Secret);
                Assert.False(result.IsValid);
                Assert.Equal(VerificationReason.Unknown, result.Reason);
            }

            ApiKeyAdminException rotate = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Rotate(null, KeyKind.Standard, key.Key.KeyId, null));
            Assert.True(rotate.ErrorId == "IntegrityCheckFailed" || (target == "beta" && rotate.ErrorId == "KeyNotActive" && !sql.Contains("status = 0")),
                $"rotation of the edited key failed with {rotate.ErrorId}");
            if (target != "beta" || sql.Contains("status = 0"))
            {
                Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Disable(null, KeyKind.Standard, key.Key.KeyId)).ErrorId);
            }
        }

        [SkippableFact]
        public void A_key_row_stretched_past_its_grace_by_SQL_is_Unknown_once_the_grace_is_over()
        {
            store.Clock.Advance(TimeSpan.FromDays(2));
            using (KeyVerifier before = NewVerifier())
            {
                Assert.Equal(VerificationReason.Expired, before.Verify(expiring.Secret).Reason);
            }

            Assert.Equal(1, Edit("UPDATE keys SET expires_at = expires_at + 2592000000 WHERE key_id = @expiring"));

            using (KeyVerifier after = NewVerifier())
            {
                Assert.Equal(VerificationReason.Unknown, after.Verify(expiring.Secret).Reason);
            }
        }

        [SkippableFact]
        public void A_key_whose_hash_was_replaced_by_the_hash_of_a_secret_of_the_attackers_choosing_is_Unknown()
        {
            string chosen = KeyFormat.Generate(KeyKind.Standard);
            store.Sql("UPDATE keys SET secret_hash = @h WHERE key_id = @k", ("@h", SecretHash.Compute(chosen)), ("@k", acme.Key.KeyId));

            using (KeyVerifier verifier = NewVerifier())
            {
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(chosen).Reason);
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(acme.Secret).Reason);
            }
        }

        [SkippableFact]
        public void A_key_row_inserted_by_SQL_with_a_copied_tag_is_Unknown()
        {
            string chosen = KeyFormat.Generate(KeyKind.Standard);
            store.Sql(
                "INSERT INTO accounts (name) VALUES ('mallory'); " +
                "INSERT INTO keys (key_id, account_id, kind, status, description, created_at, created_by, secret_hash, masked_key, tag) " +
                "SELECT 'key_0000000000000000', (SELECT id FROM accounts WHERE name = 'mallory'), 0, 0, '', created_at, created_by, @h, masked_key, tag " +
                "FROM keys WHERE key_id = @k",
                ("@h", SecretHash.Compute(chosen)), ("@k", acme.Key.KeyId));

            using (KeyVerifier verifier = NewVerifier())
            {
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(chosen).Reason);
            }

            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Rotate("mallory", KeyKind.Standard, null, null)).ErrorId);
        }

        // Edits that both databases take; SqliteTamperingTests adds the ones only SQLite's loose typing lets through.
        public static TheoryData<string, long?> AuditEdits => new TheoryData<string, long?>
        {
            // Rows 1-2: StoreCreated, RoleGranted; 3-10: filler's Created and Rotated rows; then acme's and beta's.
            { "UPDATE audit SET tag = 'forged' WHERE seq = 4", 4 },
            { "UPDATE audit SET ts = 9223372036854775807 WHERE seq = 3", 3 },
            { "UPDATE audit SET ts = -9223372036854775808 WHERE seq = 3", 3 },
            { "UPDATE audit SET ts = 1.5 WHERE seq = 3", 3 },
            { "UPDATE audit SET action = 'Nonsense' WHERE seq = 5", 5 },
            { "UPDATE audit SET action = '3' WHERE seq = 5", 5 },
            { "DELETE FROM audit_head", null },
            { "DELETE FROM audit; DELETE FROM audit_head", 1 },
            { "UPDATE audit_head SET seq = 3", null },
            { "UPDATE audit_head SET tag = 'x'", null },
            { "UPDATE audit_head SET seq = seq + 5", null },
        };

        [SkippableTheory]
        [MemberData(nameof(AuditEdits))]
        public void Audit_rows_or_the_head_edited_with_values_of_any_type_are_reported_by_the_chain_check(string sql, long? firstInvalid)
        {
            Edit(sql);

            AuditVerification result = store.Verify();

            Assert.False(result.IsValid, result.Reason);
            if (firstInvalid.HasValue)
            {
                Assert.Equal(firstInvalid, result.FirstInvalidSequence);
            }

            Assert.False(string.IsNullOrEmpty(result.Reason));
        }

        [SkippableFact]
        public void A_store_whose_id_was_deleted_is_InvalidStore_to_everyone_and_is_not_re_keyed()
        {
            int keyFiles = System.IO.Directory.GetFiles(store.KeyFolder.Folder).Length;
            long rows = store.Count("SELECT count(*) FROM audit");
            Assert.Equal(1, Edit("DELETE FROM settings WHERE name = 'store_id'"));

            foreach (ApiKeyManager manager in new[] { store.Manager, store.NewManager(new TestIdentity("bob")) })
            {
                Assert.Equal("InvalidStore", Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Keys.Create("gamma", KeyKind.Standard, null)).ErrorId);
                Assert.Equal("InvalidStore", Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Roles.Grant("bob", Roles.SuperAdmin, null)).ErrorId);
                Assert.Equal("InvalidStore", Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Keys.List(new KeyQuery())).ErrorId);
            }

            Assert.Equal(keyFiles, System.IO.Directory.GetFiles(store.KeyFolder.Folder).Length);
            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(1, store.Count("SELECT count(*) FROM roles"));
            Assert.Equal(0, store.Count("SELECT count(*) FROM settings WHERE name = 'store_id'"));
        }

        [SkippableTheory]
        [InlineData("DELETE FROM audit_head")]
        [InlineData("UPDATE audit_head SET seq = 3, tag = (SELECT tag FROM audit WHERE seq = 3)")]
        public void Writes_after_the_audit_head_was_moved_back_are_InvalidStore_and_change_nothing(string sql)
        {
            long rows = store.Count("SELECT count(*) FROM audit");
            long keys = store.Count("SELECT count(*) FROM keys");
            Edit(sql);
            // A host that has seen the head refuses the store as rolled back (RollbackTests); this one never saw it, so the
            // database's own constraints are what stop the writes.
            ApiKeyManager elsewhere = store.NewManager(store.NewKeyStore(), store.Identity, null, new HostStateFolder(System.IO.Path.Combine(store.Folder, "other-host")));

            foreach (Action write in new Action[]
            {
                () => elsewhere.Keys.Create("gamma", KeyKind.Standard, null),
                () => elsewhere.Keys.Rotate("acme", KeyKind.Standard, null, null),
                () => elsewhere.Keys.Reveal(new KeyQuery()),
            })
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(write);
                Assert.Equal("InvalidStore", ex.ErrorId);
                Assert.IsAssignableFrom<System.Data.Common.DbException>(ex.InnerException);
            }

            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(keys, store.Count("SELECT count(*) FROM keys"));
            Assert.False(store.Verify().IsValid);
        }

        [SkippableFact]
        public void A_policy_date_edited_by_hand_is_IntegrityCheckFailed_where_it_is_used_until_a_Super_Admin_sets_it_again()
        {
            // Issue 14 pins this: a setting edited by hand is refused where it is used (it used to read as the earliest date).
            Edit("UPDATE settings SET value = 'next Tuesday' WHERE name IN ('new_keys_until', 'sunset_at')");

            using (KeyVerifier verifier = NewVerifier())
            {
                Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => verifier.Verify(acme.Secret)).ErrorId);
            }

            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Policy.Get()).ErrorId);
            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Create("gamma", KeyKind.Standard, null)).ErrorId);
            AuditVerification check = store.Verify();
            Assert.False(check.IsValid);
            Assert.Contains("new_keys_until, sunset_at", check.Reason);

            // A Super Admin repairs it with the command, no SQL needed.
            store.Manager.Policy.Set(new StorePolicyChange { NewKeysUntil = null, SunsetAt = null });
            Assert.Equal(KeyStatus.Active, store.Manager.Keys.Create("gamma", KeyKind.Standard, null).Key.Status);
            Assert.True(store.Verify().IsValid, store.Verify().Reason);
        }

        /// <summary>
        /// Runs a hand edit, then every command: each must work or fail with one of the module's errors. An edit the
        /// database itself refuses (a constraint that holds for anyone with a SQL prompt) proves nothing and ends the test.
        /// </summary>
        private protected void AssertEveryCommandSurvives(string sql)
        {
            try
            {
                store.Sql(sql);
            }
            catch (System.Data.Common.DbException ex) when (IsConstraintViolation(ex))
            {
                return;
            }

            var crashes = new List<string>();
            foreach ((string name, Action action) in Operations())
            {
                try
                {
                    action();
                }
                catch (ApiKeyAdminException)
                {
                }
                catch (Exception ex)
                {
                    crashes.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
                }
            }

            Assert.True(crashes.Count == 0, string.Join(Environment.NewLine, crashes));
        }

        private static bool IsConstraintViolation(System.Data.Common.DbException ex) =>
            (ex is Microsoft.Data.Sqlite.SqliteException sqlite && sqlite.SqliteErrorCode == 19)
            || (ex is Npgsql.PostgresException postgres && postgres.SqlState.StartsWith("23", StringComparison.Ordinal));

        private IEnumerable<(string, Action)> Operations()
        {
            ApiKeyManager m = store.Manager;
            yield return ("GetKeys", () => m.Keys.List(new KeyQuery { IncludeInactive = true }));
            yield return ("RevealKeys", () => m.Keys.Reveal(new KeyQuery()));
            yield return ("GetRoles", () => m.Roles.List());
            yield return ("GetPolicy", () => m.Policy.Get());
            yield return ("ReadAudit", () => m.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToList());
            yield return ("ReadCalls", () => m.Logs.ReadCalls(new CallFilter(), CancellationToken.None).ToList());
            yield return ("VerifyAudit", () => m.Audit.Verify(CancellationToken.None));
            yield return ("Completion", () => m.Completion.Values(CompletionSubject.KeyId));
            yield return ("MeasureCalls", () => m.Logs.MeasureCalls(new CallFilter(), CallInterval.Hour, CancellationToken.None).ToList());
            yield return ("RotationReminders", () => m.Reminders.Get(null, null));
            yield return ("SunsetNotice", () => m.Sunset.Notice());
            yield return ("MigrationReport", () => m.Sunset.Report());
            yield return ("CopyTo", () =>
            {
                using (var target = new SqliteKeyStore(System.IO.Path.Combine(store.Folder, "copies", Guid.NewGuid().ToString("N") + ".db"), TestStore.Options()))
                {
                    m.Copy.To(target, CancellationToken.None);
                }
            });
            yield return ("Verify", () =>
            {
                using (KeyVerifier verifier = NewVerifier())
                {
                    verifier.Verify(acme.Secret);
                    verifier.Verify(beta.Secret);
                    verifier.Verify("garbage");
                }
            });
            yield return ("RotateKey", () => m.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromHours(1)));
            yield return ("DisableKeys", () => m.Keys.Disable("acme", KeyKind.Standard, null));
            yield return ("CreateKey", () => m.Keys.Create("gamma", KeyKind.Standard, null));
            yield return ("GrantRole", () => m.Roles.Grant("bob", Roles.SuperAdmin, null));
            yield return ("SetRevealPolicy", () => m.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never }));
        }

        private KeyVerifier NewVerifier() => new KeyVerifier(
            store.NewKeyStore(), store.KeyFolder, new KeyVerifierOptions { BatchCalls = false, Clock = store.Clock }, store.HostState);

        private int Edit(string sql) =>
            store.Sql(sql, ("@acme", acme.Key.KeyId), ("@beta", beta.Key.KeyId), ("@expiring", expiring.Key.KeyId));
    }

    public sealed class SqliteTamperingTests : TamperingTests
    {
        public SqliteTamperingTests()
            : base(StoreKind.Sqlite)
        {
        }

        // SQLite stores whatever type it is given in any column; these edits put the wrong one in.
        public static TheoryData<string, long?> LooselyTypedAuditEdits => new TheoryData<string, long?>
        {
            { "UPDATE audit SET tag = 42 WHERE seq = 4", 4 },
            { "UPDATE audit SET ts = 'yesterday' WHERE seq = 3", 3 },
            { "UPDATE audit SET detail = X'FFFE00' WHERE seq = 5", 5 },
            { "UPDATE audit_head SET seq = 'x'", null },
        };

        public static TheoryData<string> AnyEdits
        {
            get
            {
                var edits = new TheoryData<string>();
                string[] odd = { "'text'", "X''", "X'FFFE00'", "42", "-1", "1.5", "9223372036854775807", "-9223372036854775808" };
                var columns = new Dictionary<string, string[]>
                {
                    ["keys"] = new[] { "kind", "status", "description", "created_at", "created_by", "deactivated_at", "deactivated_by", "expires_at",
                        "last_used_at", "secret_hash", "masked_key", "encrypted_secret", "tag", "app_name", "scope" },
                    ["audit"] = new[] { "ts", "actor", "action", "account", "key_id", "detail", "tag" },
                    ["calls"] = new[] { "ts", "kind", "method", "path", "client", "outcome", "reason", "status_code", "duration_ms", "fingerprint" },
                };
                foreach (KeyValuePair<string, string[]> table in columns)
                {
                    foreach (string column in table.Value)
                    {
                        // Each row gets another of the odd values.
                        edits.Add($"UPDATE {table.Key} SET {column} = CASE (rowid % {odd.Length}) " +
                            string.Concat(odd.Select((v, i) => $"WHEN {i} THEN {v} ")) + "END");
                    }
                }

                // One-row tables get each odd value in turn.
                foreach (string column in new[] { "audit_head.seq", "audit_head.tag", "roles.email", "roles.granted_at", "roles.granted_by" })
                {
                    string[] parts = column.Split('.');
                    foreach (string value in odd)
                    {
                        edits.Add($"UPDATE {parts[0]} SET {parts[1]} = {value}");
                    }
                }

                foreach (string value in new[] { "NULL", "'Sometimes'", "X'00'", "42" })
                {
                    edits.Add($"UPDATE settings SET value = {value} WHERE name <> 'store_id'");
                }

                edits.Add("UPDATE keys SET kind = 9223372036854775807");
                edits.Add("UPDATE keys SET created_at = 9223372036854775807, kind = -9223372036854775808, status = 9223372036854775807");
                edits.Add("DELETE FROM settings WHERE name = 'store_id'");
                edits.Add("UPDATE settings SET value = X'00' WHERE name = 'store_id'");
                edits.Add("UPDATE settings SET value = 'another-store' WHERE name = 'store_id'");
                edits.Add("DELETE FROM audit_head");
                edits.Add("UPDATE audit_head SET seq = 2");
                edits.Add("DELETE FROM roles");
                edits.Add("DELETE FROM accounts");
                return edits;
            }
        }

        [SkippableTheory]
        [MemberData(nameof(LooselyTypedAuditEdits))]
        public void Audit_rows_or_the_head_edited_with_values_of_another_type_are_reported_by_the_chain_check(string sql, long? firstInvalid) =>
            Audit_rows_or_the_head_edited_with_values_of_any_type_are_reported_by_the_chain_check(sql, firstInvalid);

        [SkippableTheory]
        [MemberData(nameof(AnyEdits))]
        public void Whatever_a_hand_edit_writes_every_command_either_works_or_fails_with_a_module_error(string sql) =>
            AssertEveryCommandSurvives(sql);
    }

    public sealed class PostgreSqlTamperingTests : TamperingTests
    {
        public PostgreSqlTamperingTests()
            : base(StoreKind.PostgreSql)
        {
        }

        // PostgreSQL keeps column types, so an edit can only bring the extremes of each type; every row of a table gets
        // another of them.
        public static TheoryData<string> AnyEdits
        {
            get
            {
                var odd = new Dictionary<string, string[]>
                {
                    ["integer"] = new[] { "2147483647", "-2147483648", "-1", "42" },
                    ["bigint"] = new[] { "9223372036854775807", "-9223372036854775808", "-1", "0" },
                    ["bytea"] = new[] { "'\\x'::bytea", "'\\x00'::bytea", "'forged'::bytea" },
                    ["text"] = new[] { "''", "repeat('y', 100000)", "'3'", "'Sometimes'" },
                    ["double"] = new[] { "'NaN'::float8", "'Infinity'::float8", "'-Infinity'::float8", "-1e308" },
                };
                var columns = new (string Table, string Row, string Column, string Type)[]
                {
                    ("keys", "id", "kind", "integer"), ("keys", "id", "status", "integer"), ("keys", "id", "description", "text"),
                    ("keys", "id", "created_at", "bigint"), ("keys", "id", "deactivated_at", "bigint"), ("keys", "id", "expires_at", "bigint"),
                    ("keys", "id", "secret_hash", "bytea"), ("keys", "id", "encrypted_secret", "bytea"), ("keys", "id", "tag", "bytea"),
                    ("keys", "id", "scope", "text"), ("key_usage", "key_row", "last_used_at", "bigint"),
                    ("audit", "seq", "ts", "bigint"), ("audit", "seq", "action", "text"), ("audit", "seq", "tag", "bytea"),
                    ("calls", "id", "ts", "bigint"), ("calls", "id", "kind", "integer"), ("calls", "id", "outcome", "integer"),
                    ("calls", "id", "reason", "integer"), ("calls", "id", "status_code", "integer"), ("calls", "id", "duration_ms", "double"),
                    ("audit_head", "id", "seq", "bigint"), ("audit_head", "id", "tag", "bytea"), ("roles", "length(user_name)", "granted_at", "bigint"),
                    ("settings", "length(name)", "value", "text"),
                };
                var edits = new TheoryData<string>();
                foreach ((string table, string row, string column, string type) in columns)
                {
                    string[] values = odd[type];
                    edits.Add($"UPDATE {table} SET {column} = CASE ({row} % {values.Length}) " +
                        string.Concat(values.Select((v, i) => $"WHEN {i} THEN {v} ")) + "END");
                }

                edits.Add("UPDATE settings SET value = 'another-store' WHERE name = 'store_id'");
                edits.Add("DELETE FROM key_generation");
                return edits;
            }
        }

        [SkippableTheory]
        [MemberData(nameof(AnyEdits))]
        public void Whatever_a_hand_edit_writes_every_command_either_works_or_fails_with_a_module_error(string sql) =>
            AssertEveryCommandSurvives(sql);
    }
}
