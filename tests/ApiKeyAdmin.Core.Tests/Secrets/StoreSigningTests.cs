using System;
using System.IO;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Secrets
{
    /// <summary>
    /// A verifying host holds no master key: it checks rows with the store's public signing key, pinned on first use,
    /// and can neither read a secret nor make a row that other hosts accept. Role rows and settings are signed too.
    /// </summary>
    public abstract class StoreSigningTests : IDisposable
    {
        private readonly TestStore store;

        protected StoreSigningTests(StoreKind kind)
        {
            store = new TestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void A_verifier_with_no_key_file_verifies_keys_and_records_calls()
        {
            IssuedKey key = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            Assert.False(Directory.Exists(Path.Combine(store.Folder, "verify-host", "keys")));

            using (KeyVerifier verifier = VerifyHost())
            {
                Assert.True(verifier.Verify(key.Secret, "GET", "/contacts", "203.0.113.7").IsValid);
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(KeyFormat.Generate(KeyKind.Standard), "GET", "/contacts", "203.0.113.7").Reason);
            }

            CallRecord[] calls = store.Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None).ToArray();
            Assert.Equal(2, calls.Length);
            Assert.Contains(calls, c => c.KeyId == key.Key.KeyId && c.Outcome == CallOutcome.Allowed);
            Assert.Contains(calls, c => c.Reason == VerificationReason.Unknown && c.KeyFingerprint.Length == 8);
        }

        [SkippableFact]
        public void A_key_row_edited_by_hand_is_Unknown_to_a_verifier_with_no_key_file()
        {
            IssuedKey key = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Manager.Keys.Disable("acme", KeyKind.Standard, null);
            Assert.Equal(1, store.Sql("UPDATE keys SET status = 0, deactivated_at = NULL WHERE key_id = @id", ("@id", key.Key.KeyId)));

            using (KeyVerifier verifier = VerifyHost())
            {
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(key.Secret).Reason);
            }
        }

        [SkippableFact]
        public void A_public_key_swapped_in_the_store_with_every_row_signed_again_is_refused_by_a_host_that_pinned_the_old_one()
        {
            IssuedKey key = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            using (KeyVerifier first = VerifyHost())
            {
                Assert.True(first.Verify(key.Secret).IsValid);
            }

            // An attacker with SQL but no key file makes a key pair of their own and signs every row and the settings with it.
            using (IKeyStore raw = store.NewKeyStore())
            using (RowSigner attacker = RowSigner.Create())
            {
                raw.Write(tx =>
                {
                    StoreSettings.WriteSigning(tx, attacker.PublicKey, "forged", new byte[32]);
                    foreach (KeyRecord row in tx.GetKeys(null, null))
                    {
                        row.Tag = KeyIntegrity.Tag(attacker, row);
                        tx.UpdateKey(row);
                    }

                    SettingsIntegrity.Seal(tx, attacker);
                    return 0;
                });
            }

            using (KeyVerifier pinned = VerifyHost())
            {
                Assert.Equal("SigningKeyChanged", Assert.ThrowsAny<ApiKeyAdminException>(() => pinned.Verify(key.Secret)).ErrorId);
            }

            // An administering host checks with its own key, never the one the store shows.
            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.NewManager(store.Identity).Keys.List(new KeyQuery())).ErrorId);
        }

        [SkippableFact]
        public void A_store_stripped_of_its_signing_key_is_refused_by_a_host_that_pinned_it()
        {
            IssuedKey key = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            using (KeyVerifier first = VerifyHost())
            {
                Assert.True(first.Verify(key.Secret).IsValid);
            }

            store.Sql("DELETE FROM settings WHERE name IN ('signing_key', 'signing_key_sealed', 'fingerprint_salt', 'settings_tag')");

            using (KeyVerifier pinned = VerifyHost())
            {
                Assert.Equal("SigningKeyChanged", Assert.ThrowsAny<ApiKeyAdminException>(() => pinned.Verify(key.Secret)).ErrorId);
            }

            // Nor does an administering host take it for a store of the earlier version and sign what it finds.
            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.NewManager(store.Identity).Keys.List(new KeyQuery())).ErrorId);
        }

        [SkippableFact]
        public void A_store_made_again_at_the_same_location_is_trusted_by_its_makers_verifiers()
        {
            IssuedKey first = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            using (KeyVerifier before = UsersVerifier())
            {
                Assert.True(before.Verify(first.Secret).IsValid);
            }

            store.CloseAll();
            if (store.Kind == StoreKind.PostgreSql)
            {
                store.Sql($"DROP SCHEMA {store.Schema} CASCADE");
            }
            else
            {
                File.Delete(store.StorePath);
            }

            IssuedKey second = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            using (KeyVerifier after = UsersVerifier())
            {
                Assert.True(after.Verify(second.Secret).IsValid);
            }
        }

        [SkippableFact]
        public void A_verify_only_host_cannot_sign_a_row_for_lack_of_the_key_file()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            long keys = store.Count("SELECT count(*) FROM keys");
            var noKeys = new ProtectionKeyFolder(Path.Combine(store.Folder, "verify-host", "keys"));

            // Even as a Super Admin, a host without the key file can neither create a key nor open the signing key.
            ApiKeyManager verifyHost = store.NewManager(store.NewKeyStore(), store.Identity, noKeys);
            Assert.Equal("ProtectionKeyMissing", Assert.ThrowsAny<ApiKeyAdminException>(() => verifyHost.Keys.Create("mallory", KeyKind.Standard, null)).ErrorId);
            Assert.Equal(keys, store.Count("SELECT count(*) FROM keys"));

            // The sealed private half in the store opens only under the store's own data-protection key.
            using (IKeyStore raw = store.NewKeyStore())
            {
                var other = new ProtectionKeys(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => raw.Read(tx => StoreSigning.Open(tx, other))).ErrorId);
            }
        }

        [SkippableFact]
        public void A_role_row_inserted_by_hand_grants_nothing_and_is_reported_by_the_audit_check()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            Assert.True(store.Verify().IsValid);
            store.Sql("INSERT INTO roles (user_name, role, email, granted_at, granted_by) VALUES ('mallory', 'SuperAdmin', '', 0, 'root')");
            // A tag copied from a genuine row does not fit another row either.
            store.Sql("INSERT INTO roles (user_name, role, email, granted_at, granted_by, tag) SELECT 'eve', role, email, granted_at, granted_by, tag FROM roles WHERE user_name = 'alice'");

            foreach (string user in new[] { "mallory", "eve" })
            {
                ApiKeyManager intruder = store.NewManager(new TestIdentity(user));
                Assert.Equal("SuperAdminRequired", Assert.ThrowsAny<ApiKeyAdminException>(() => intruder.Keys.Create("acme", KeyKind.Standard, null)).ErrorId);
            }

            Assert.Equal(new[] { TestStore.Owner }, store.Manager.Roles.List().Select(r => r.User).ToArray());
            AuditVerification check = store.Verify();
            Assert.False(check.IsValid);
            Assert.Contains("SuperAdmin of mallory", check.Reason);
            Assert.Contains("SuperAdmin of eve", check.Reason);

            // Granting the role for real replaces the hand-made row with a signed one.
            store.Manager.Roles.Grant("mallory", Roles.SuperAdmin, null);
            Assert.Equal(2, store.Manager.Roles.List().Count);
        }

        [SkippableFact]
        public void A_setting_edited_by_hand_is_IntegrityCheckFailed_where_it_is_used()
        {
            IssuedKey key = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never });
            store.Sql("UPDATE settings SET value = 'Allowed' WHERE name = 'reveal'");

            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Reveal(new KeyQuery { KeyId = key.Key.KeyId })).ErrorId);
            using (KeyVerifier verifier = VerifyHost())
            {
                Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => verifier.Verify(key.Secret)).ErrorId);
            }

            Assert.Contains("reveal", store.Verify().Reason);
        }

        [SkippableFact]
        public void A_setting_deleted_by_hand_is_IntegrityCheckFailed_too()
        {
            IssuedKey key = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Manager.Policy.Set(new StorePolicyChange { SunsetAt = store.Clock.UtcNow.AddDays(-1) });
            store.Sql("DELETE FROM settings WHERE name = 'sunset_at'");

            using (KeyVerifier verifier = VerifyHost())
            {
                Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => verifier.Verify(key.Secret)).ErrorId);
            }

            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Policy.Get()).ErrorId);
        }

        [SkippableFact]
        public void A_store_of_the_previous_version_is_signed_by_a_Super_Admins_first_command_and_then_needs_no_key_file_to_verify()
        {
            IssuedKey good = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            IssuedKey edited = store.Manager.Keys.Create("beta", KeyKind.Standard, null);
            store.Manager.Keys.Disable("beta", KeyKind.Standard, null);
            store.CloseAll();
            LegacyStore.Downgrade(store);
            // Brought back by hand before the migration: its HMAC tag fails, and signing must not launder it.
            store.Sql("UPDATE keys SET status = 0, deactivated_at = NULL WHERE key_id = @id", ("@id", edited.Key.KeyId));

            // Until then a verifier needs the key file, as before; one that has it keeps working across the migration.
            using (KeyVerifier noKeyFile = VerifyHost())
            {
                Assert.Equal("ProtectionKeyMissing", Assert.ThrowsAny<ApiKeyAdminException>(() => noKeyFile.Verify(good.Secret)).ErrorId);
            }

            using (KeyVerifier withKeyFile = new KeyVerifier(store.NewKeyStore(), store.KeyFolder, new KeyVerifierOptions { Clock = store.Clock }, new HostStateFolder(Path.Combine(store.Folder, "admin-state"))))
            {
                Assert.True(withKeyFile.Verify(good.Secret).IsValid);
                Assert.Empty(store.Manager.Keys.List(new KeyQuery { Accounts = new[] { "nobody" } }).Keys);
                Assert.Equal(AuditAction.SigningKeyCreated, store.Audit().Last().Action);
                Assert.Contains("1 left unsigned", store.Audit().Last().Detail);
                SpinWait.SpinUntil(() => withKeyFile.Verify(good.Secret).IsValid && withKeyFile.Verify(edited.Secret).Reason == VerificationReason.Unknown, TimeSpan.FromSeconds(10));
                Assert.True(withKeyFile.Verify(good.Secret).IsValid);
            }

            using (KeyVerifier noKeyFile = VerifyHost())
            {
                Assert.True(noKeyFile.Verify(good.Secret).IsValid);
                Assert.Equal(VerificationReason.Unknown, noKeyFile.Verify(edited.Secret).Reason);
            }

            Assert.True(store.Verify().IsValid, store.Verify().Reason);
            Assert.Equal(1, store.Audit().Count(e => e.Action == AuditAction.SigningKeyCreated));
        }

        [SkippableFact]
        public void A_legacy_HMAC_tag_counts_no_more_once_the_store_is_signed()
        {
            IssuedKey key = store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Manager.Keys.Disable("acme", KeyKind.Standard, null);
            KeyRecord row;
            ProtectionKeys protection;
            using (IKeyStore raw = store.NewKeyStore())
            {
                row = raw.Read(tx => tx.GetKey(key.Key.KeyId));
                protection = new ProtectionKeys(store.KeyFolder.Load(raw.Read(tx => tx.GetSetting("store_id")), raw.Location));
            }

            // Someone who was handed the key file earlier brings the key back with a tag the previous version accepted.
            row.StoredStatus = KeyStatus.Active;
            row.DeactivatedAt = null;
            store.Sql("UPDATE keys SET status = 0, deactivated_at = NULL, tag = @tag WHERE key_id = @id", ("@tag", LegacyStore.Tag(protection, row)), ("@id", row.KeyId));

            using (KeyVerifier verifier = VerifyHost())
            {
                Assert.Equal(VerificationReason.Unknown, verifier.Verify(key.Secret).Reason);
            }
        }

        // Test-ApiKey's verifier: the user's own key folder and state folder, where the store's maker pins what it made.
        private KeyVerifier UsersVerifier() =>
            new KeyVerifier(store.NewKeyStore(), store.KeyFolder, new KeyVerifierOptions { BatchCalls = false, Clock = store.Clock }, store.HostState);

        // A host that only verifies: no key file at all, and a state folder of its own for the pin.
        private KeyVerifier VerifyHost() => new KeyVerifier(
            store.NewKeyStore(),
            new ProtectionKeyFolder(Path.Combine(store.Folder, "verify-host", "keys")),
            new KeyVerifierOptions { BatchCalls = false, Clock = store.Clock },
            new HostStateFolder(Path.Combine(store.Folder, "verify-host", "state")));
    }

    public sealed class SqliteStoreSigningTests : StoreSigningTests
    {
        public SqliteStoreSigningTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlStoreSigningTests : StoreSigningTests
    {
        public PostgreSqlStoreSigningTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
