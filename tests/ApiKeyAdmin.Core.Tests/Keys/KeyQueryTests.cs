using System;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Names and queries: bad names refused before the store is touched, odd names stored literally, listing and the age of keys; run against each store.</summary>
    public abstract class KeyQueryTests : ManagerTestBase
    {
        protected KeyQueryTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableTheory]
        [MemberData(nameof(KeyPolicyTests.BadAccountNames), MemberType = typeof(KeyPolicyTests))]
        public void Bad_account_names_are_InvalidAccountName_before_the_store_is_touched(string why)
        {
            string name = KeyPolicyTests.BadAccountName(why);
            Assert.Equal("InvalidAccountName", Fails(() => Manager.Keys.Create(name, KeyKind.Standard, null)).ErrorId);
            Assert.False(Store.Made, $"{why}: a refused name created the store");

            Manager.Keys.Create("acme", KeyKind.Standard, null);
            int rows = Store.Audit().Count;
            ApiKeyAdminException ex = Fails(() => Manager.Keys.Create(name, KeyKind.Standard, null));
            Assert.Equal("InvalidAccountName", ex.ErrorId);
            Assert.Equal(name, ex.Target);
            Assert.Equal("InvalidAccountName", Fails(() => Manager.Keys.Rotate(name, KeyKind.Standard, null, null)).ErrorId);
            Assert.Equal("InvalidAccountName", Fails(() => Manager.Keys.Disable(name, KeyKind.Standard, null)).ErrorId);
            Assert.Equal(rows, Store.Audit().Count);
            Assert.Equal(1, Store.Count("SELECT count(*) FROM accounts"));
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
            Assert.Equal(name, Store.Audit().Last().Account);
            Assert.Contains(name, Manager.Completion.Values(CompletionSubject.Account).Select(v => v.Value));
            Assert.Equal(3, Store.Count("SELECT count(*) FROM keys"));
            Assert.True(Store.Verify().IsValid);

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
            ApiKey exact = Assert.Single(Store.KeysOf("acme"));
            Clock.UtcNow = created.AddDays(days).AddMilliseconds(-1);
            ApiKey before = Assert.Single(Store.KeysOf("acme"));

            Assert.Equal(days, exact.AgeDays);
            Assert.Equal(state, exact.RotationState);
            Assert.Equal(created.AddDays(180), exact.RotationDueAt);
            Assert.Equal(days - 1, before.AgeDays);
            RotationState expectedBefore = days == 150 ? RotationState.Current : days == 180 ? RotationState.ReminderDue : state;
            Assert.Equal(expectedBefore, before.RotationState);
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
            Assert.Equal(developer, Assert.Single(Manager.Keys.List(new KeyQuery { Kinds = new[] { KeyKind.Developer } }).Keys).Key.KeyId);
            Assert.Equal(KeyStatus.Deactivated, Assert.Single(Manager.Keys.List(new KeyQuery { KeyId = old }).Keys).Key.Status);

            KeyQueryResult missing = Manager.Keys.List(new KeyQuery { Accounts = new[] { "acme", "gamma" } });
            Assert.Equal("gamma", Assert.Single(missing.Errors).Target);
            KeyQueryResult wrongAccount = Manager.Keys.List(new KeyQuery { KeyId = old, Accounts = new[] { "beta" } });
            Assert.Empty(wrongAccount.Keys);
            Assert.Equal("KeyNotFound", Assert.Single(wrongAccount.Errors).ErrorId);
        }
    }

    public sealed class SqliteKeyQueryTests : KeyQueryTests
    {
        public SqliteKeyQueryTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyQueryTests : KeyQueryTests
    {
        public PostgreSqlKeyQueryTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
