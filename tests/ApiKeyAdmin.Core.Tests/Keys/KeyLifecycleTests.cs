using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Secrets;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Generating and revealing keys: one active key per account and kind, secrets shown again under audit; run against each store.</summary>
    public abstract class KeyLifecycleTests : ManagerTestBase
    {
        protected KeyLifecycleTests(StoreKind kind)
            : base(kind)
        {
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

            ApiKey stored = Store.Key(key.KeyId);
            Assert.Equal(key.Account, stored.Account);
            Assert.Equal(key.CreatedAt, stored.CreatedAt);
            Assert.Equal(key.MaskedKey, stored.MaskedKey);
            Assert.Equal(KeyStatus.Active, stored.Status);
        }

        [SkippableFact]
        public void A_second_new_key_of_a_kind_is_ActiveKeyExists_and_changes_nothing()
        {
            string first = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            int rows = Store.Audit().Count;

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Create("acme", KeyKind.Standard, null));
            ApiKeyAdminException otherCase = Fails(() => Manager.Keys.Create("ACME", KeyKind.Standard, null));

            Assert.Equal("ActiveKeyExists", ex.ErrorId);
            Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
            Assert.Equal("acme", ex.Target);
            Assert.Contains("Invoke-ApiKeyRotation", ex.Message);
            Assert.Equal("ActiveKeyExists", otherCase.ErrorId);
            Assert.Equal(new[] { first }, Store.KeysOf("acme").Select(k => k.KeyId));
            Assert.Equal(rows, Store.Audit().Count);
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
            Assert.Equal(KeyStatus.Active, Store.Key(standard.Key.KeyId).Status);

            Manager.Keys.Disable("acme", KeyKind.Standard, null);
            Assert.Equal(KeyStatus.Active, Store.Key(rotated.Key.KeyId).Status);
            Assert.Equal(KeyStatus.Deactivated, Store.Key(developer.Key.KeyId).Status);
            Assert.Equal(KeyStatus.Deactivated, Store.Key(standard.Key.KeyId).Status);
        }

        [SkippableFact]
        public void Reveal_returns_the_same_secret_and_writes_a_Viewed_row_per_key_shown()
        {
            IssuedKey acme = Manager.Keys.Create("acme", KeyKind.Standard, null);
            IssuedKey beta = Manager.Keys.Create("beta", KeyKind.Developer, null);
            Assert.All(Manager.Keys.List(new KeyQuery()).Keys, k => Assert.Null(k.Secret));
            Assert.DoesNotContain(Store.Audit(), a => a.Action == AuditAction.Viewed);

            KeyQueryResult shown = Manager.Keys.Reveal(new KeyQuery());
            KeyQueryResult again = Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "beta" } });

            Assert.Empty(shown.Errors);
            Assert.Equal(2, shown.Keys.Count);
            Assert.True(shown.Keys.Single(k => k.Key.KeyId == acme.Key.KeyId).Secret == acme.Secret, "the revealed secret differs from the issued one");
            Assert.True(shown.Keys.Single(k => k.Key.KeyId == beta.Key.KeyId).Secret == beta.Secret, "the revealed secret differs from the issued one");
            Assert.True(Assert.Single(again.Keys).Secret == beta.Secret, "the revealed secret differs from the issued one");
            List<AuditEntry> viewed = Store.Audit().Where(a => a.Action == AuditAction.Viewed).ToList();
            Assert.Equal(
                new[] { acme.Key.KeyId, beta.Key.KeyId, beta.Key.KeyId }.OrderBy(id => id, StringComparer.Ordinal),
                viewed.Select(a => a.KeyId).OrderBy(id => id, StringComparer.Ordinal));
            Assert.All(viewed, a => Assert.Equal(TestStore.Owner, a.Actor));
        }

        [SkippableFact]
        public void A_reveal_asks_with_the_number_of_keys_and_a_no_shows_and_audits_nothing()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Keys.Create("beta", KeyKind.Standard, null);
            int rows = Store.Audit().Count;
            var counts = new List<int>();

            KeyQueryResult declined = Manager.Keys.Reveal(new KeyQuery(), count =>
            {
                counts.Add(count);
                return false;
            });

            Assert.Equal(new[] { 2 }, counts);
            Assert.Empty(declined.Keys);
            Assert.Equal(rows, Store.Audit().Count);
        }

        [SkippableFact]
        public void A_confirmed_reveal_shows_only_the_keys_it_counted()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            // A key made while the question waits matches the query too, but nobody was asked about it.
            KeyQueryResult shown = Manager.Keys.Reveal(new KeyQuery(), count =>
            {
                Store.NewManager(Store.Identity).Keys.Create("beta", KeyKind.Standard, null);
                return true;
            });

            Assert.Equal("acme", Assert.Single(shown.Keys).Key.Account);
            Assert.Single(Store.Audit(), a => a.Action == AuditAction.Viewed);
        }

        [SkippableFact]
        public void Reveal_Never_erases_the_encrypted_copies_and_reveal_is_RevealDisabled()
        {
            IssuedKey acme = Manager.Keys.Create("acme", KeyKind.Standard, null);
            Assert.Equal(1, Store.Count("SELECT count(*) FROM keys WHERE encrypted_secret IS NOT NULL"));

            StorePolicy policy = Manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never });

            Assert.Equal(RevealPolicy.Never, policy.Reveal);
            Assert.Equal(RevealPolicy.Never, Manager.Policy.Get().Reveal);
            Assert.Equal(0, Store.Count("SELECT count(*) FROM keys WHERE encrypted_secret IS NOT NULL"));
            AuditEntry changed = Store.Audit().Last();
            Assert.Equal(AuditAction.PolicyChanged, changed.Action);
            Assert.Contains("Allowed -> Never", changed.Detail);

            KeyQueryResult result = Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "acme" } });
            Assert.Empty(result.Keys);
            ApiKeyAdminException error = Assert.Single(result.Errors);
            Assert.Equal("RevealDisabled", error.ErrorId);
            Assert.Equal(acme.Key.KeyId, error.Target);
            Assert.DoesNotContain(Store.Audit(), a => a.Action == AuditAction.Viewed);

            // Keys made while secrets are shown once keep no copy, and allowing reveal again cannot bring one back.
            IssuedKey beta = Manager.Keys.Create("beta", KeyKind.Standard, null);
            Assert.True(KeyFormat.IsWellFormed(beta.Secret, out _), "a show-once store still shows the new secret once");
            Assert.Equal(0, Store.Count("SELECT count(*) FROM keys WHERE encrypted_secret IS NOT NULL"));
            Manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Allowed });
            Assert.Equal("SecretNotKept", Assert.Single(Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "beta" } }).Errors).ErrorId);
        }
    }

    public sealed class SqliteKeyLifecycleTests : KeyLifecycleTests
    {
        public SqliteKeyLifecycleTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyLifecycleTests : KeyLifecycleTests
    {
        public PostgreSqlKeyLifecycleTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
