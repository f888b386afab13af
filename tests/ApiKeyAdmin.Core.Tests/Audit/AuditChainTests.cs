using System;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Tests.Audit
{
    /// <summary>The audit chain against someone with plain SQL access to the file but not the data-protection key.</summary>
    public abstract class AuditChainTests : IDisposable
    {
        private readonly TestStore store;

        protected AuditChainTests(StoreKind kind)
        {
            store = new TestStore(kind);
            // Rows 1-7: StoreCreated, RoleGranted, Created acme, Created beta, Rotated acme, Viewed acme, Deactivated beta.
            ApiKeyManager manager = store.Manager;
            manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Clock.Advance(TimeSpan.FromMinutes(1));
            manager.Keys.Create("beta", KeyKind.Standard, null);
            store.Clock.Advance(TimeSpan.FromMinutes(1));
            manager.Keys.Rotate("acme", KeyKind.Standard, null, null);
            manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "acme" } });
            manager.Keys.Disable("beta", KeyKind.Standard, null);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void An_untouched_chain_verifies()
        {
            AuditVerification result = store.Verify();

            Assert.True(result.IsValid, result.Reason);
            Assert.Equal(7, result.RowsChecked);
            Assert.Null(result.FirstInvalidSequence);
            Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), store.Audit().Select(a => a.Sequence));
        }

        [SkippableTheory]
        [InlineData("UPDATE audit SET detail = 'nothing to see' WHERE seq = 4", 4)]
        [InlineData("UPDATE audit SET actor = 'someone else' WHERE seq = 5", 5)]
        [InlineData("UPDATE audit SET account = 'other' WHERE seq = 3", 3)]
        [InlineData("UPDATE audit SET action = 'Created' WHERE seq = 7", 7)]
        [InlineData("UPDATE audit SET ts = ts + 1 WHERE seq = 2", 2)]
        [InlineData("UPDATE audit SET tag = (SELECT tag FROM audit WHERE seq = 5) WHERE seq = 6", 6)]
        [InlineData("DELETE FROM audit WHERE seq = 4", 4)]
        [InlineData("DELETE FROM audit WHERE seq = 1", 1)]
        [InlineData("DELETE FROM audit WHERE seq = 7", 7)]
        [InlineData("DELETE FROM audit WHERE seq >= 6", 6)]
        [InlineData("DELETE FROM audit", 1)]
        [InlineData("INSERT INTO audit (seq, ts, actor, action, account, key_id, detail, tag) SELECT 8, ts, actor, action, account, key_id, detail, tag FROM audit WHERE seq = 7", 8)]
        public void Tampering_with_plain_SQL_is_found_at_the_first_row_it_touched(string sql, long firstInvalid)
        {
            Assert.True(store.Sql(sql) > 0, "the tampering changed nothing");

            AuditVerification result = store.Verify();

            Assert.False(result.IsValid);
            Assert.Equal(firstInvalid, result.FirstInvalidSequence);
            Assert.False(string.IsNullOrEmpty(result.Reason));
        }

        [SkippableFact]
        public void Swapping_two_rows_contents_is_found_at_the_first_of_them()
        {
            const string columns = "ts, actor, action, account, key_id, detail, tag";
            store.Sql($"CREATE TEMP TABLE held AS SELECT seq, {columns} FROM audit WHERE seq IN (3, 4);" +
                $"UPDATE audit SET ({columns}) = (SELECT {columns} FROM held WHERE held.seq = 7 - audit.seq) WHERE seq IN (3, 4);");
            Assert.Equal("beta", store.Audit()[2].Account);

            AuditVerification result = store.Verify();

            Assert.False(result.IsValid);
            Assert.Equal(3, result.FirstInvalidSequence);
        }

        [SkippableFact]
        public void Renumbering_two_rows_is_found_at_the_first_of_them()
        {
            store.Sql("UPDATE audit SET seq = -seq WHERE seq IN (3, 4); UPDATE audit SET seq = 7 + seq WHERE seq IN (-3, -4);");

            AuditVerification result = store.Verify();

            Assert.False(result.IsValid);
            Assert.Equal(3, result.FirstInvalidSequence);
        }

        [SkippableFact]
        public void Tampering_stays_visible_after_later_writes()
        {
            store.Sql("UPDATE audit SET detail = 'edited' WHERE seq = 3");

            store.Manager.Keys.Create("gamma", KeyKind.Standard, null);

            AuditVerification result = store.Verify();
            Assert.False(result.IsValid);
            Assert.Equal(3, result.FirstInvalidSequence);
        }

        [SkippableFact]
        public void Refusals_and_failed_operations_keep_the_chain_whole()
        {
            ApiKeyManager mallory = store.NewManager(new TestIdentity("mallory"));
            Assert.Throws<PermissionDeniedException>(() => mallory.Keys.List(new KeyQuery()));
            Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Create("acme", KeyKind.Standard, null));

            AuditVerification result = store.Verify();

            Assert.True(result.IsValid, result.Reason);
            Assert.Equal(8, result.RowsChecked);
        }
    }

    public sealed class SqliteAuditChainTests : AuditChainTests
    {
        public SqliteAuditChainTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlAuditChainTests : AuditChainTests
    {
        public PostgreSqlAuditChainTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
