using System;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>
    /// Deactivating exactly the keys a prompt showed, as Disable-ApiKey does: all in one transaction, each checked, and
    /// a key that another process changed meanwhile is KeyNotActive with nothing changed; run against each store.
    /// </summary>
    public abstract class KeyDisableByIdTests : ManagerTestBase
    {
        protected KeyDisableByIdTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void The_given_keys_are_deactivated_together_and_no_other_key_is()
        {
            string expiring = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string active = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;
            string beta = Manager.Keys.Create("beta", KeyKind.Standard, null).Key.KeyId;
            int rows = Store.Audit().Count;

            var disabled = Manager.Keys.Disable(new[] { active, expiring });

            Assert.Equal(new[] { active, expiring }, disabled.Select(k => k.KeyId));
            Assert.All(disabled, k => Assert.Equal(KeyStatus.Deactivated, k.Status));
            Assert.All(Store.KeysOf("acme"), k => Assert.Equal(KeyStatus.Deactivated, k.Status));
            Assert.Equal(KeyStatus.Active, Store.Key(beta).Status);
            Assert.Equal(new[] { active, expiring }, Store.Audit().Skip(rows).Where(a => a.Action == AuditAction.Deactivated).Select(a => a.KeyId));
            Assert.True(Store.Verify().IsValid);
        }

        [SkippableFact]
        public void A_key_another_process_deactivated_since_the_prompt_is_KeyNotActive_and_nothing_changes()
        {
            string expiring = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string active = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;
            Assert.Single(Store.NewManager(new TestIdentity(TestStore.Owner)).Keys.Disable(new[] { active }));
            int rows = Store.Audit().Count;

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Disable(new[] { expiring, active }));

            Assert.Equal("KeyNotActive", ex.ErrorId);
            Assert.Equal(active, ex.Target);
            Assert.Equal(KeyStatus.Expiring, Store.Key(expiring).Status);
            Assert.Equal(rows, Store.Audit().Count);
        }

        [SkippableFact]
        public void An_unknown_key_id_among_them_is_KeyNotFound_and_nothing_changes()
        {
            string acme = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            int rows = Store.Audit().Count;

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Disable(new[] { acme, "key_0000000000000000" }));

            Assert.Equal("KeyNotFound", ex.ErrorId);
            Assert.Equal("key_0000000000000000", ex.Target);
            Assert.Equal(KeyStatus.Active, Store.Key(acme).Status);
            Assert.Equal(rows, Store.Audit().Count);
        }

        [SkippableFact]
        public void A_grace_period_that_ended_is_recorded_before_the_deactivation_as_a_disable_by_account_does()
        {
            string lapsed = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string active = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;
            Clock.Advance(TimeSpan.FromDays(2));
            int rows = Store.Audit().Count;

            Assert.Equal(active, Assert.Single(Manager.Keys.Disable(new[] { active })).KeyId);

            Assert.Equal(
                new[] { (AuditAction.Expired, lapsed), (AuditAction.Deactivated, active) },
                Store.Audit().Skip(rows).Select(a => (a.Action, a.KeyId)));
            Assert.True(Store.Verify().IsValid);
        }

        [SkippableFact]
        public void No_key_ids_at_all_is_refused_before_the_store_is_touched()
        {
            Assert.Throws<ArgumentException>(() => Manager.Keys.Disable(Array.Empty<string>()));
            Assert.False(Store.Made);
        }
    }

    public sealed class SqliteKeyDisableByIdTests : KeyDisableByIdTests
    {
        public SqliteKeyDisableByIdTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyDisableByIdTests : KeyDisableByIdTests
    {
        public PostgreSqlKeyDisableByIdTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
