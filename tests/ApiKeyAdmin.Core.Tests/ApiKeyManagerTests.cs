using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>The key lifecycle's rules, run against each store (subclasses at the end of the file).</summary>
    public abstract class ApiKeyManagerTests : IDisposable
    {
        private readonly TestStore store;

        protected ApiKeyManagerTests(StoreKind kind)
        {
            store = new TestStore(kind);
        }

        private ApiKeyManager Manager => store.Manager;

        private TestClock Clock => store.Clock;

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void First_write_creates_the_store_with_its_creator_as_Super_Admin_and_audits_it()
        {
            Assert.False(Manager.StoreExists);

            IssuedKey issued = Manager.Keys.Create("acme", KeyKind.Standard, "billing");

            Assert.True(Manager.StoreExists);
            AdminRole role = Assert.Single(Manager.Roles.List());
            Assert.Equal(TestStore.Owner, role.User);
            Assert.Equal(Roles.SuperAdmin, role.Role);
            Assert.Equal(TestStore.Owner, role.GrantedBy);
            Assert.Equal(Clock.UtcNow, role.GrantedAt);

            List<AuditEntry> audit = store.Audit();
            Assert.Equal(new[] { AuditAction.StoreCreated, AuditAction.RoleGranted, AuditAction.Created }, audit.Select(a => a.Action));
            Assert.Equal(new long[] { 1, 2, 3 }, audit.Select(a => a.Sequence));
            Assert.All(audit, a => Assert.Equal(TestStore.Owner, a.Actor));
            Assert.Contains(TestStore.Owner, audit[1].Detail);
            Assert.Equal("acme", audit[2].Account);
            Assert.Equal(issued.Key.KeyId, audit[2].KeyId);
        }

        [SkippableFact]
        public void Granting_a_role_on_a_missing_store_creates_it_with_the_granter_as_first_Super_Admin()
        {
            AdminRole granted = Manager.Roles.Grant("bob", "superadmin", "bob@example.com");

            Assert.Equal(Roles.SuperAdmin, granted.Role);
            Assert.Equal("bob@example.com", granted.Email);
            Assert.Equal(new[] { "alice", "bob" }, Manager.Roles.List().Select(r => r.User));
            Assert.Equal(
                new[] { AuditAction.StoreCreated, AuditAction.RoleGranted, AuditAction.RoleGranted },
                store.Audit().Select(a => a.Action));
        }

        [SkippableFact]
        public void Reading_never_creates_a_store()
        {
            Assert.Empty(Manager.Keys.List(new KeyQuery()).Keys);
            Assert.Empty(Manager.Roles.List());
            Assert.Empty(Manager.Logs.ReadAudit(new AuditFilter(), CancellationToken.None));
            Assert.Empty(Manager.Completion.Values(CompletionSubject.Account));
            Assert.Equal("StoreNotFound", Fails(() => Manager.Keys.Reveal(new KeyQuery())).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Keys.Rotate("acme", KeyKind.Standard, null, null)).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Keys.Disable("acme", KeyKind.Standard, null)).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Roles.Revoke("bob", Roles.SuperAdmin)).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Policy.Get()).ErrorId);
            ApiKeyAdminException ex = Fails(() => Manager.Audit.Verify(CancellationToken.None));
            Assert.Equal("StoreNotFound", ex.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
            Assert.Equal(store.Location, ex.Target);

            Assert.False(Manager.StoreExists);
            Assert.False(store.Made);
            Assert.False(Directory.Exists(store.KeyFolder.Folder));
        }

        [SkippableFact]
        public void New_key_is_active_well_formed_and_says_who_made_it_when()
        {
            IssuedKey issued = Manager.Keys.Create("acme", KeyKind.Standard, "billing");
            ApiKey key = issued.Key;

            Assert.True(KeyFormat.IsWellFormed(issued.Secret, out KeyKind kind), "the issued secret is not well formed");
            Assert.Equal(KeyKind.Standard, kind);
            Assert.True(key.MaskedKey == KeyFormat.Mask(issued.Secret), "the masked key is not the secret's mask");
            Assert.Null(key.Secret);
            Assert.Matches("^key_[0-9A-Za-z]{16}$", key.KeyId);
            Assert.Equal("acme", key.Account);
            Assert.Equal(KeyStatus.Active, key.Status);
            Assert.Equal("billing", key.Description);
            Assert.Equal(Clock.UtcNow, key.CreatedAt);
            Assert.Equal(TestStore.Owner, key.CreatedBy);
            Assert.Null(key.DeactivatedAt);
            Assert.Null(key.ExpiresAt);
            Assert.Equal(0, key.AgeDays);
            Assert.Equal(Clock.UtcNow.AddDays(180), key.RotationDueAt);
            Assert.Equal(RotationState.Current, key.RotationState);

            ApiKey stored = store.Key(key.KeyId);
            Assert.Equal(key.Account, stored.Account);
            Assert.Equal(key.CreatedAt, stored.CreatedAt);
            Assert.Equal(key.MaskedKey, stored.MaskedKey);
            Assert.Equal(KeyStatus.Active, stored.Status);
        }

        [SkippableFact]
        public void A_second_new_key_of_a_kind_is_ActiveKeyExists_and_changes_nothing()
        {
            string first = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            int rows = store.Audit().Count;

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Create("acme", KeyKind.Standard, null));
            ApiKeyAdminException otherCase = Fails(() => Manager.Keys.Create("ACME", KeyKind.Standard, null));

            Assert.Equal("ActiveKeyExists", ex.ErrorId);
            Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
            Assert.Equal("acme", ex.Target);
            Assert.Contains("Invoke-ApiKeyRotation", ex.Message);
            Assert.Equal("ActiveKeyExists", otherCase.ErrorId);
            Assert.Equal(new[] { first }, store.KeysOf("acme").Select(k => k.KeyId));
            Assert.Equal(rows, store.Audit().Count);
        }

        [SkippableFact]
        public void A_developer_key_lives_beside_the_standard_key_under_the_same_rules()
        {
            IssuedKey standard = Manager.Keys.Create("acme", KeyKind.Standard, null);
            IssuedKey developer = Manager.Keys.Create("acme", KeyKind.Developer, null);

            Assert.True(KeyFormat.IsWellFormed(developer.Secret, out KeyKind kind) && kind == KeyKind.Developer, "the developer secret is not a developer key");
            Assert.Equal(KeyKind.Developer, developer.Key.Kind);
            Assert.Equal("ActiveKeyExists", Fails(() => Manager.Keys.Create("acme", KeyKind.Developer, null)).ErrorId);

            IssuedKey rotated = Manager.Keys.Rotate("acme", KeyKind.Developer, null, null);
            Assert.Equal(KeyStatus.Active, store.Key(standard.Key.KeyId).Status);

            Manager.Keys.Disable("acme", KeyKind.Standard, null);
            Assert.Equal(KeyStatus.Active, store.Key(rotated.Key.KeyId).Status);
            Assert.Equal(KeyStatus.Deactivated, store.Key(developer.Key.KeyId).Status);
            Assert.Equal(KeyStatus.Deactivated, store.Key(standard.Key.KeyId).Status);
        }

        [SkippableFact]
        public void Reveal_returns_the_same_secret_and_writes_a_Viewed_row_per_key_shown()
        {
            IssuedKey acme = Manager.Keys.Create("acme", KeyKind.Standard, null);
            IssuedKey beta = Manager.Keys.Create("beta", KeyKind.Developer, null);
            Assert.All(Manager.Keys.List(new KeyQuery()).Keys, k => Assert.Null(k.Secret));
            Assert.DoesNotContain(store.Audit(), a => a.Action == AuditAction.Viewed);

            KeyQueryResult shown = Manager.Keys.Reveal(new KeyQuery());
            KeyQueryResult again = Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "beta" } });

            Assert.Empty(shown.Errors);
            Assert.Equal(2, shown.Keys.Count);
            Assert.True(shown.Keys.Single(k => k.Key.KeyId == acme.Key.KeyId).Secret == acme.Secret, "the revealed secret differs from the issued one");
            Assert.True(shown.Keys.Single(k => k.Key.KeyId == beta.Key.KeyId).Secret == beta.Secret, "the revealed secret differs from the issued one");
            Assert.True(Assert.Single(again.Keys).Secret == beta.Secret, "the revealed secret differs from the issued one");
            List<AuditEntry> viewed = store.Audit().Where(a => a.Action == AuditAction.Viewed).ToList();
            Assert.Equal(
                new[] { acme.Key.KeyId, beta.Key.KeyId, beta.Key.KeyId }.OrderBy(id => id, StringComparer.Ordinal),
                viewed.Select(a => a.KeyId).OrderBy(id => id, StringComparer.Ordinal));
            Assert.All(viewed, a => Assert.Equal(TestStore.Owner, a.Actor));
        }

        [SkippableFact]
        public void Reveal_Never_erases_the_encrypted_copies_and_reveal_is_RevealDisabled()
        {
            IssuedKey acme = Manager.Keys.Create("acme", KeyKind.Standard, null);
            Assert.Equal(1, store.Count("SELECT count(*) FROM keys WHERE encrypted_secret IS NOT NULL"));

            StorePolicy policy = Manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never });

            Assert.Equal(RevealPolicy.Never, policy.Reveal);
            Assert.Equal(RevealPolicy.Never, Manager.Policy.Get().Reveal);
            Assert.Equal(0, store.Count("SELECT count(*) FROM keys WHERE encrypted_secret IS NOT NULL"));
            AuditEntry changed = store.Audit().Last();
            Assert.Equal(AuditAction.PolicyChanged, changed.Action);
            Assert.Contains("Allowed -> Never", changed.Detail);

            KeyQueryResult result = Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "acme" } });
            Assert.Empty(result.Keys);
            ApiKeyAdminException error = Assert.Single(result.Errors);
            Assert.Equal("RevealDisabled", error.ErrorId);
            Assert.Equal(acme.Key.KeyId, error.Target);
            Assert.DoesNotContain(store.Audit(), a => a.Action == AuditAction.Viewed);

            // Keys made while secrets are shown once keep no copy, and allowing reveal again cannot bring one back.
            IssuedKey beta = Manager.Keys.Create("beta", KeyKind.Standard, null);
            Assert.True(KeyFormat.IsWellFormed(beta.Secret, out _), "a show-once store still shows the new secret once");
            Assert.Equal(0, store.Count("SELECT count(*) FROM keys WHERE encrypted_secret IS NOT NULL"));
            Manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Allowed });
            Assert.Equal("SecretNotKept", Assert.Single(Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "beta" } }).Errors).ErrorId);
        }

        [SkippableFact]
        public void Rotate_without_grace_deactivates_the_old_key_at_once()
        {
            IssuedKey old = Manager.Keys.Create("acme", KeyKind.Standard, "billing");
            Clock.Advance(TimeSpan.FromHours(1));

            IssuedKey issued = Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);

            Assert.True(issued.Secret != old.Secret, "rotation returned the old secret");
            Assert.True(KeyFormat.IsWellFormed(issued.Secret, out _), "the new secret is not well formed");
            Assert.NotEqual(old.Key.KeyId, issued.Key.KeyId);
            Assert.Equal(KeyStatus.Active, issued.Key.Status);
            Assert.Equal(Clock.UtcNow, issued.Key.CreatedAt);
            Assert.Equal("billing", issued.Key.Description);

            ApiKey before = store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Deactivated, before.Status);
            Assert.Equal(Clock.UtcNow, before.DeactivatedAt);
            Assert.Equal(TestStore.Owner, before.DeactivatedBy);
            Assert.Null(before.ExpiresAt);
            Assert.Equal(new[] { issued.Key.KeyId }, Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId));

            AuditEntry rotated = store.Audit().Last();
            Assert.Equal(AuditAction.Rotated, rotated.Action);
            Assert.Equal(issued.Key.KeyId, rotated.KeyId);
            Assert.Contains(old.Key.KeyId, rotated.Detail);
        }

        [SkippableFact]
        public void Rotate_keeps_old_key_valid_until_grace_ends()
        {
            IssuedKey old = Manager.Keys.Create("acme", KeyKind.Standard, null);
            DateTimeOffset rotatedAt = Clock.UtcNow;

            IssuedKey issued = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(2));

            ApiKey expiring = store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Expiring, expiring.Status);
            Assert.Equal(rotatedAt.AddDays(2), expiring.ExpiresAt);
            Assert.Null(expiring.DeactivatedAt);
            Assert.Equal(
                new[] { issued.Key.KeyId, old.Key.KeyId }.OrderBy(id => id),
                Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId).OrderBy(id => id));

            Clock.UtcNow = rotatedAt.AddDays(2).AddMilliseconds(-1);
            Assert.Equal(KeyStatus.Expiring, store.Key(old.Key.KeyId).Status);

            Clock.UtcNow = rotatedAt.AddDays(2);
            ApiKey expired = store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Deactivated, expired.Status);
            Assert.Equal(rotatedAt.AddDays(2), expired.DeactivatedAt);
            Assert.Equal(new[] { issued.Key.KeyId }, Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId));

            // The next write that meets the key records the end of its grace.
            Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));
            AuditEntry recorded = Assert.Single(store.Audit(), a => a.Action == AuditAction.Expired);
            Assert.Equal(old.Key.KeyId, recorded.KeyId);
            Assert.Equal(1, store.Count("SELECT count(*) FROM keys WHERE status = 1"));
        }

        [SkippableFact]
        public void A_second_rotation_during_grace_deactivates_the_earlier_Expiring_key()
        {
            string first = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string second = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;
            Clock.Advance(TimeSpan.FromHours(1));

            string third = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;

            ApiKey cut = store.Key(first);
            Assert.Equal(KeyStatus.Deactivated, cut.Status);
            Assert.Equal(Clock.UtcNow, cut.DeactivatedAt);
            Assert.Equal(KeyStatus.Expiring, store.Key(second).Status);
            Assert.Equal(Clock.UtcNow.AddDays(1), store.Key(second).ExpiresAt);
            Assert.Equal(KeyStatus.Active, store.Key(third).Status);
            Assert.Equal(
                new[] { second, third }.OrderBy(id => id),
                Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId).OrderBy(id => id));
            AuditEntry deactivated = Assert.Single(store.Audit(), a => a.Action == AuditAction.Deactivated);
            Assert.Equal(first, deactivated.KeyId);
        }

        [SkippableTheory]
        [InlineData(-1)]
        [InlineData(7 * 24 * 3600 * 1000L + 1)]
        public void Grace_over_7_days_or_negative_is_InvalidGracePeriod_and_changes_nothing(long milliseconds)
        {
            string id = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            int rows = store.Audit().Count;

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromMilliseconds(milliseconds)));

            Assert.Equal("InvalidGracePeriod", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(rows, store.Audit().Count);
            Assert.Equal(KeyStatus.Active, Assert.Single(store.KeysOf("acme")).Status);
            Assert.Equal(id, store.KeysOf("acme")[0].KeyId);
        }

        [SkippableFact]
        public void Rotation_with_a_grace_of_exactly_7_days_is_allowed()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(7));

            Assert.Contains(store.KeysOf("acme"), k => k.Status == KeyStatus.Expiring && k.ExpiresAt == Clock.UtcNow.AddDays(7));
        }

        [SkippableFact]
        public void Disable_of_an_account_deactivates_its_Active_and_Expiring_keys_of_the_kind()
        {
            string first = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string second = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;
            string developer = Manager.Keys.Create("acme", KeyKind.Developer, null).Key.KeyId;
            Clock.Advance(TimeSpan.FromMinutes(5));

            IReadOnlyList<ApiKey> disabled = Manager.Keys.Disable("acme", KeyKind.Standard, null);

            Assert.Equal(new[] { first, second }.OrderBy(id => id), disabled.Select(k => k.KeyId).OrderBy(id => id));
            Assert.All(disabled, k => Assert.Equal(KeyStatus.Deactivated, k.Status));
            foreach (string id in new[] { first, second })
            {
                ApiKey key = store.Key(id);
                Assert.Equal(KeyStatus.Deactivated, key.Status);
                Assert.Equal(Clock.UtcNow, key.DeactivatedAt);
                Assert.Equal(TestStore.Owner, key.DeactivatedBy);
            }

            Assert.Equal(KeyStatus.Active, store.Key(developer).Status);
            Assert.Equal(2, store.Audit().Count(a => a.Action == AuditAction.Deactivated));
            Assert.Equal("KeyNotFound", Fails(() => Manager.Keys.Disable("acme", KeyKind.Standard, null)).ErrorId);

            // A new key can be generated later.
            Assert.Equal(KeyStatus.Active, Manager.Keys.Create("acme", KeyKind.Standard, null).Key.Status);
        }

        [SkippableFact]
        public void Disable_by_key_id_deactivates_that_key_only_and_not_twice()
        {
            string acme = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string beta = Manager.Keys.Create("beta", KeyKind.Standard, null).Key.KeyId;

            ApiKey disabled = Assert.Single(Manager.Keys.Disable(null, KeyKind.Standard, acme));

            Assert.Equal(KeyStatus.Deactivated, disabled.Status);
            Assert.Equal(KeyStatus.Active, store.Key(beta).Status);
            ApiKeyAdminException again = Fails(() => Manager.Keys.Disable(null, KeyKind.Standard, acme));
            Assert.Equal("KeyNotActive", again.ErrorId);
            Assert.Equal(acme, again.Target);
            Assert.Equal("KeyNotActive", Fails(() => Manager.Keys.Rotate(null, KeyKind.Standard, acme, null)).ErrorId);
        }

        [SkippableTheory]
        [InlineData("rotate")]
        [InlineData("disable")]
        public void Rotate_or_disable_of_an_unknown_key_id_is_KeyNotFound_and_changes_nothing(string operation)
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            int rows = store.Audit().Count;
            const string missing = "key_0000000000000000";

            ApiKeyAdminException ex = operation == "rotate"
                ? Fails(() => Manager.Keys.Rotate(null, KeyKind.Standard, missing, null))
                : Fails(() => Manager.Keys.Disable(null, KeyKind.Standard, missing));

            Assert.IsType<ApiKeyNotFoundException>(ex);
            Assert.Equal("KeyNotFound", ex.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
            Assert.Equal(missing, ex.Target);
            Assert.Equal(rows, store.Audit().Count);
            Assert.Equal(KeyStatus.Active, Assert.Single(store.KeysOf("acme")).Status);
        }

        [SkippableFact]
        public void Rotating_an_account_without_a_key_of_the_kind_is_KeyNotFound_naming_the_account()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Rotate("acme", KeyKind.Developer, null, null));

            Assert.Equal("KeyNotFound", ex.ErrorId);
            Assert.Equal("acme", ex.Target);
        }

        public static TheoryData<string> Operations => new TheoryData<string>
        {
            "CreateKey", "GetKeys", "RevealKeys", "RotateKey", "DisableKeys", "GrantRole", "RevokeRole", "GetRoles",
            "GetPolicy", "SetPolicy", "ReadAudit", "VerifyAudit", "GetSunsetNotice", "GetMigrationReport",
        };

        [SkippableTheory]
        [MemberData(nameof(Operations))]
        public void A_user_without_the_role_gets_SuperAdminRequired_and_the_refusal_is_audited(string operation)
        {
            string keyId = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            int rows = store.Audit().Count;
            ApiKeyManager mallory = store.NewManager(new TestIdentity("mallory"));

            var ex = Assert.Throws<PermissionDeniedException>(() => Run(mallory, operation));

            Assert.Equal("SuperAdminRequired", ex.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
            Assert.Equal("mallory", ex.User);
            Assert.Equal("mallory", ex.Target);
            Assert.Equal(Roles.SuperAdmin, ex.RequiredRole);
            Assert.Contains(Roles.SuperAdmin, ex.Message);

            List<AuditEntry> audit = store.Audit();
            Assert.Equal(rows + 1, audit.Count);
            Assert.Equal(AuditAction.AccessDenied, audit.Last().Action);
            Assert.Equal("mallory", audit.Last().Actor);
            Assert.Equal(keyId, Assert.Single(Manager.Keys.List(new KeyQuery()).Keys).Key.KeyId);
            Assert.Equal(new[] { TestStore.Owner }, Manager.Roles.List().Select(r => r.User));
            Assert.Equal(RevealPolicy.Allowed, Manager.Policy.Get().Reveal);
            Assert.True(store.Verify().IsValid);
        }

        [SkippableFact]
        public void A_granted_user_can_act_and_a_revoked_one_cannot()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            ApiKeyManager bob = store.NewManager(new TestIdentity("bob"));

            Manager.Roles.Grant("bob", Roles.SuperAdmin, null);
            IssuedKey made = bob.Keys.Create("beta", KeyKind.Standard, null);
            Manager.Roles.Revoke("BOB", Roles.SuperAdmin);

            Assert.Equal("bob", made.Key.CreatedBy);
            Assert.Throws<PermissionDeniedException>(() => bob.Keys.Create("gamma", KeyKind.Standard, null));
            List<AuditEntry> audit = store.Audit();
            Assert.Contains(audit, a => a.Action == AuditAction.RoleGranted && a.Detail.Contains("bob"));
            Assert.Contains(audit, a => a.Action == AuditAction.RoleRevoked && a.Detail.Contains("bob") && a.Actor == TestStore.Owner);
            Assert.Contains(audit, a => a.Action == AuditAction.Created && a.Actor == "bob" && a.Account == "beta");
        }

        [SkippableFact]
        public void Role_changes_that_make_no_sense_are_refused_with_their_own_ErrorIds()
        {
            Manager.Roles.Grant("bob", Roles.SuperAdmin, null);

            Assert.Equal("RoleAlreadyAssigned", Fails(() => Manager.Roles.Grant("Bob", Roles.SuperAdmin, null)).ErrorId);
            Assert.Equal("RoleNotAssigned", Fails(() => Manager.Roles.Revoke("carol", Roles.SuperAdmin)).ErrorId);
            Assert.Equal("InvalidRole", Fails(() => Manager.Roles.Grant("carol", "Owner", null)).ErrorId);
            Assert.Equal("InvalidUserName", Fails(() => Manager.Roles.Grant("carol\u202e", Roles.SuperAdmin, null)).ErrorId);
            Assert.Equal("InvalidEmail", Fails(() => Manager.Roles.Grant("carol", Roles.SuperAdmin, "carol")).ErrorId);
            Assert.Equal(new[] { "alice", "bob" }, Manager.Roles.List().Select(r => r.User));
        }

        [SkippableFact]
        public void The_last_Super_Admin_cannot_be_revoked()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            ApiKeyAdminException ex = Fails(() => Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin));

            Assert.Equal("LastSuperAdmin", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Equal(TestStore.Owner, ex.Target);
            Assert.Equal(new[] { TestStore.Owner }, Manager.Roles.List().Select(r => r.User));
        }

        [SkippableFact]
        public void A_Super_Admin_may_revoke_themselves_while_another_remains()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.Grant("bob", Roles.SuperAdmin, null);
            ApiKeyManager bob = store.NewManager(new TestIdentity("bob"));

            Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin);

            Assert.Throws<PermissionDeniedException>(() => Manager.Keys.List(new KeyQuery()));
            Assert.Equal(new[] { "bob" }, bob.Roles.List().Select(r => r.User));
            Assert.Equal("LastSuperAdmin", Fails(() => bob.Roles.Revoke("bob", Roles.SuperAdmin)).ErrorId);
        }

        [SkippableTheory]
        [MemberData(nameof(KeyPolicyTests.BadAccountNames), MemberType = typeof(KeyPolicyTests))]
        public void Bad_account_names_are_InvalidAccountName_before_the_store_is_touched(string why)
        {
            string name = KeyPolicyTests.BadAccountName(why);
            Assert.Equal("InvalidAccountName", Fails(() => Manager.Keys.Create(name, KeyKind.Standard, null)).ErrorId);
            Assert.False(store.Made, $"{why}: a refused name created the store");

            Manager.Keys.Create("acme", KeyKind.Standard, null);
            int rows = store.Audit().Count;
            ApiKeyAdminException ex = Fails(() => Manager.Keys.Create(name, KeyKind.Standard, null));
            Assert.Equal("InvalidAccountName", ex.ErrorId);
            Assert.Equal(name, ex.Target);
            Assert.Equal("InvalidAccountName", Fails(() => Manager.Keys.Rotate(name, KeyKind.Standard, null, null)).ErrorId);
            Assert.Equal("InvalidAccountName", Fails(() => Manager.Keys.Disable(name, KeyKind.Standard, null)).ErrorId);
            Assert.Equal(rows, store.Audit().Count);
            Assert.Equal(1, store.Count("SELECT count(*) FROM accounts"));
        }

        [SkippableTheory]
        [InlineData("x'); DROP TABLE keys;--")]
        [InlineData("Robert\"); DELETE FROM audit; --")]
        [InlineData("O'Brien")]
        [InlineData("%")]
        [InlineData("a_c")]
        [InlineData("*")]
        [InlineData("[abc]")]
        [InlineData("a\\b")]
        [InlineData("Müller & Söhne")]
        [InlineData("\U0001F511 vault")]
        public void SQL_looking_and_wildcard_names_are_stored_literally_and_read_back_exactly(string name)
        {
            Manager.Keys.Create("abc", KeyKind.Standard, null);
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            string keyId = Manager.Keys.Create(name, KeyKind.Standard, name).Key.KeyId;

            ApiKey key = Assert.Single(Manager.Keys.List(new KeyQuery { Accounts = new[] { name } }).Keys).Key;
            Assert.Equal(name, key.Account);
            Assert.Equal(name, key.Description);
            Assert.Equal(keyId, key.KeyId);
            Assert.Equal(name, store.Audit().Last().Account);
            Assert.Contains(name, Manager.Completion.Values(CompletionSubject.Account));
            Assert.Equal(3, store.Count("SELECT count(*) FROM keys"));
            Assert.True(store.Verify().IsValid);

            Manager.Keys.Rotate(name, KeyKind.Standard, null, null);
            Manager.Keys.Disable(name, KeyKind.Standard, null);
            Assert.Equal(2, Manager.Keys.List(new KeyQuery()).Keys.Count);
            Assert.Equal(new[] { "abc", "acme" }, Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.Account).OrderBy(a => a, StringComparer.Ordinal));
        }

        [SkippableFact]
        public void A_wildcard_in_a_query_matches_only_an_account_of_that_name()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            KeyQueryResult result = Manager.Keys.List(new KeyQuery { Accounts = new[] { "%", "a*", "ac_e" } });

            Assert.Empty(result.Keys);
            Assert.Equal(new[] { "%", "a*", "ac_e" }, result.Errors.Select(e => e.Target));
            Assert.All(result.Errors, e => Assert.Equal("KeyNotFound", e.ErrorId));
        }

        [SkippableTheory]
        [InlineData(149, RotationState.Current)]
        [InlineData(150, RotationState.ReminderDue)]
        [InlineData(179, RotationState.ReminderDue)]
        [InlineData(180, RotationState.Overdue)]
        [InlineData(400, RotationState.Overdue)]
        public void AgeDays_and_RotationState_follow_the_clock(int days, RotationState state)
        {
            DateTimeOffset created = Clock.UtcNow;
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            Clock.UtcNow = created.AddDays(days);
            ApiKey exact = Assert.Single(store.KeysOf("acme"));
            Clock.UtcNow = created.AddDays(days).AddMilliseconds(-1);
            ApiKey before = Assert.Single(store.KeysOf("acme"));

            Assert.Equal(days, exact.AgeDays);
            Assert.Equal(state, exact.RotationState);
            Assert.Equal(created.AddDays(180), exact.RotationDueAt);
            Assert.Equal(days - 1, before.AgeDays);
            RotationState expectedBefore = days == 150 ? RotationState.Current : days == 180 ? RotationState.ReminderDue : state;
            Assert.Equal(expectedBefore, before.RotationState);
        }

        [SkippableFact]
        public void A_key_made_by_rotation_starts_its_own_rotation_clock()
        {
            DateTimeOffset created = Clock.UtcNow;
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Clock.UtcNow = created.AddDays(200);

            ApiKey rotated = Manager.Keys.Rotate("acme", KeyKind.Standard, null, null).Key;

            Assert.Equal(0, rotated.AgeDays);
            Assert.Equal(RotationState.Current, rotated.RotationState);
            Assert.Equal(created.AddDays(380), rotated.RotationDueAt);
        }

        [SkippableFact]
        public void Listing_shows_keys_that_verify_unless_inactive_ones_are_asked_for()
        {
            string old = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string current = Manager.Keys.Rotate("acme", KeyKind.Standard, null, null).Key.KeyId;
            string developer = Manager.Keys.Create("acme", KeyKind.Developer, null).Key.KeyId;
            Manager.Keys.Create("beta", KeyKind.Standard, null);

            Assert.Equal(3, Manager.Keys.List(new KeyQuery()).Keys.Count);
            Assert.Equal(4, Manager.Keys.List(new KeyQuery { IncludeInactive = true }).Keys.Count);
            Assert.Equal(
                new[] { current, developer }.OrderBy(id => id, StringComparer.Ordinal),
                Manager.Keys.List(new KeyQuery { Accounts = new[] { "ACME" } }).Keys.Select(k => k.Key.KeyId).OrderBy(id => id, StringComparer.Ordinal));
            Assert.Equal(developer, Assert.Single(Manager.Keys.List(new KeyQuery { Kind = KeyKind.Developer }).Keys).Key.KeyId);
            Assert.Equal(KeyStatus.Deactivated, Assert.Single(Manager.Keys.List(new KeyQuery { KeyId = old }).Keys).Key.Status);

            KeyQueryResult missing = Manager.Keys.List(new KeyQuery { Accounts = new[] { "acme", "gamma" } });
            Assert.Equal("gamma", Assert.Single(missing.Errors).Target);
            KeyQueryResult wrongAccount = Manager.Keys.List(new KeyQuery { KeyId = old, Accounts = new[] { "beta" } });
            Assert.Empty(wrongAccount.Keys);
            Assert.Equal("KeyNotFound", Assert.Single(wrongAccount.Errors).ErrorId);
        }

        [SkippableFact]
        public void The_audit_log_reads_newest_first_and_filters()
        {
            string acme = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            Clock.Advance(TimeSpan.FromHours(1));
            Manager.Keys.Create("beta", KeyKind.Standard, null);
            Clock.Advance(TimeSpan.FromHours(1));
            Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "acme" } });
            Assert.Throws<PermissionDeniedException>(() => store.NewManager(new TestIdentity("mallory")).Roles.List());

            List<AuditEntry> newest = Manager.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToList();
            Assert.Equal(new long[] { 6, 5, 4, 3, 2, 1 }, newest.Select(a => a.Sequence));
            Assert.Equal(new long[] { 6, 5 }, Manager.Logs.ReadAudit(new AuditFilter { First = 2 }, CancellationToken.None).Select(a => a.Sequence));
            Assert.Equal(
                new[] { AuditAction.Viewed, AuditAction.Created },
                Manager.Logs.ReadAudit(new AuditFilter { Accounts = new[] { "acme" } }, CancellationToken.None).Select(a => a.Action));
            Assert.Equal(2, Manager.Logs.ReadAudit(new AuditFilter { KeyId = acme }, CancellationToken.None).Count());
            Assert.Equal("mallory", Assert.Single(Manager.Logs.ReadAudit(new AuditFilter { Actions = new[] { AuditAction.AccessDenied } }, CancellationToken.None)).Actor);
            Assert.Single(Manager.Logs.ReadAudit(new AuditFilter { Actor = "mallory" }, CancellationToken.None));

            // Names match without regard to case, as accounts and users do everywhere else.
            Assert.Equal(2, Manager.Logs.ReadAudit(new AuditFilter { Accounts = new[] { "ACME" } }, CancellationToken.None).Count());
            Assert.Single(Manager.Logs.ReadAudit(new AuditFilter { Actor = "Mallory" }, CancellationToken.None));
            Assert.Equal(
                new long[] { 4 },
                Manager.Logs.ReadAudit(new AuditFilter { Since = Clock.UtcNow.AddHours(-1), Until = Clock.UtcNow }, CancellationToken.None).Select(a => a.Sequence));
        }

        private static ApiKeyAdminException Fails(Action action) => Assert.ThrowsAny<ApiKeyAdminException>(action);

        private static ApiKeyAdminException Fails(Func<object> action) => Assert.ThrowsAny<ApiKeyAdminException>(() => action());

        private static void Run(ApiKeyManager manager, string operation)
        {
            switch (operation)
            {
                case "CreateKey": manager.Keys.Create("beta", KeyKind.Standard, null); break;
                case "GetKeys": manager.Keys.List(new KeyQuery()); break;
                case "RevealKeys": manager.Keys.Reveal(new KeyQuery()); break;
                case "RotateKey": manager.Keys.Rotate("acme", KeyKind.Standard, null, null); break;
                case "DisableKeys": manager.Keys.Disable("acme", KeyKind.Standard, null); break;
                case "GrantRole": manager.Roles.Grant("mallory", Roles.SuperAdmin, null); break;
                case "RevokeRole": manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin); break;
                case "GetRoles": manager.Roles.List(); break;
                case "GetPolicy": manager.Policy.Get(); break;
                case "SetPolicy": manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never }); break;
                case "GetSunsetNotice": manager.Sunset.Notice(); break;
                case "GetMigrationReport": manager.Sunset.Report(); break;
                case "ReadAudit": manager.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToList(); break;
                case "VerifyAudit": manager.Audit.Verify(CancellationToken.None); break;
                default: throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
            }
        }
    }

    public sealed class SqliteApiKeyManagerTests : ApiKeyManagerTests
    {
        public SqliteApiKeyManagerTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlApiKeyManagerTests : ApiKeyManagerTests
    {
        public PostgreSqlApiKeyManagerTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
