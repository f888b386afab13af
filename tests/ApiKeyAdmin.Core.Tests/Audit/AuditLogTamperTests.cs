using System;
using Xunit;

namespace ApiKeyAdmin.Tests.Audit
{
    public abstract class AuditLogTamperTests : IDisposable
    {
        private readonly LogTestStore store;

        protected AuditLogTamperTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
            // Rows 1-2: StoreCreated, RoleGranted; 3-5: Created for three accounts; 6: Rotated.
            store.CreateKey("acme");
            store.CreateKey("globex");
            store.CreateKey("initech");
            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void An_untouched_chain_verifies_every_row()
        {
            AuditVerification result = store.Manager.Audit.Verify(default);

            Assert.True(result.IsValid, result.Reason);
            Assert.Equal(6, result.RowsChecked);
            Assert.Null(result.FirstInvalidSequence);
        }

        [SkippableTheory]
        [InlineData("UPDATE audit SET detail = 'nothing to see' WHERE seq = 4", 4)]
        [InlineData("UPDATE audit SET actor = 'mallory' WHERE seq = 3", 3)]
        [InlineData("UPDATE audit SET ts = ts - 86400000 WHERE seq = 5", 5)]
        [InlineData("UPDATE audit SET action = 'Viewed' WHERE seq = 6", 6)]
        [InlineData("DELETE FROM audit WHERE seq = 2", 2)]
        public void A_row_altered_or_removed_with_plain_SQL_is_named(string sql, long firstInvalid)
        {
            Assert.Equal(1, store.Sql(sql));

            AuditVerification result = store.Manager.Audit.Verify(default);

            Assert.False(result.IsValid);
            Assert.Equal(firstInvalid, result.FirstInvalidSequence);
            Assert.Contains(firstInvalid.ToString(), result.Reason);
        }

        [SkippableFact]
        public void Rows_cut_off_the_end_are_caught_by_the_head()
        {
            Assert.Equal(2, store.Sql("DELETE FROM audit WHERE seq >= 5"));

            AuditVerification result = store.Manager.Audit.Verify(default);

            Assert.False(result.IsValid);
            Assert.Equal(4, result.RowsChecked);
            Assert.Equal(5, result.FirstInvalidSequence);
        }

        [SkippableFact]
        public void A_row_copied_from_elsewhere_in_the_chain_does_not_verify_in_its_new_place()
        {
            store.Sql("UPDATE audit SET (ts, actor, action, account, key_id, detail, tag) = " +
                "(SELECT ts, actor, action, account, key_id, detail, tag FROM audit WHERE seq = 3) WHERE seq = 4");

            AuditVerification result = store.Manager.Audit.Verify(default);

            Assert.False(result.IsValid);
            Assert.Equal(4, result.FirstInvalidSequence);
        }
    }

    public sealed class SqliteAuditLogTamperTests : AuditLogTamperTests
    {
        public SqliteAuditLogTamperTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlAuditLogTamperTests : AuditLogTamperTests
    {
        public PostgreSqlAuditLogTamperTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
