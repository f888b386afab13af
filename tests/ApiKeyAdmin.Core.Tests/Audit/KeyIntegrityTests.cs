using System;
using Xunit;

namespace ApiKeyAdmin.Tests.Audit
{
    /// <summary>Key rows edited by hand, say to bring a deactivated key back, are refused rather than acted on.</summary>
    public abstract class KeyIntegrityTests : IDisposable
    {
        private readonly TestStore store;

        protected KeyIntegrityTests(StoreKind kind)
        {
            store = new TestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void A_deactivated_key_set_active_by_SQL_fails_RotateKey_and_Disable_with_IntegrityCheckFailed()
        {
            string keyId = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            store.Manager.Keys.Disable("acme", KeyKind.Standard, null);
            int rows = store.Audit().Count;
            Assert.Equal(1, store.Sql("UPDATE keys SET status = 0 WHERE key_id = @id", ("@id", keyId)));

            ApiKeyAdminException rotate = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null));
            ApiKeyAdminException rotateById = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Rotate(null, KeyKind.Standard, keyId, null));
            ApiKeyAdminException disable = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Disable("acme", KeyKind.Standard, null));
            ApiKeyAdminException disableById = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Disable(null, KeyKind.Standard, keyId));

            foreach (ApiKeyAdminException ex in new[] { rotate, rotateById, disable, disableById })
            {
                Assert.Equal("IntegrityCheckFailed", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidData, ex.Kind);
                Assert.Equal(keyId, ex.Target);
            }

            Assert.Equal(rows, store.Audit().Count);
            Assert.Equal(1, store.Count("SELECT count(*) FROM keys"));
        }

        [SkippableFact]
        public void An_Expiring_key_whose_grace_was_stretched_by_SQL_fails_the_next_rotation()
        {
            string first = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromHours(1));
            // A year in milliseconds, written out: 86400000 * 365 overflows PostgreSQL's integer arithmetic.
            store.Sql("UPDATE keys SET expires_at = expires_at + 31536000000 WHERE key_id = @id", ("@id", first));

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromHours(1)));

            Assert.Equal("IntegrityCheckFailed", ex.ErrorId);
            Assert.Equal(first, ex.Target);
            Assert.Equal(2, store.Count("SELECT count(*) FROM keys"));
        }

        [SkippableFact]
        public void A_key_moved_to_another_account_by_SQL_fails_its_check()
        {
            string keyId = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            store.Manager.Keys.Create("beta", KeyKind.Developer, null);
            store.Sql("UPDATE keys SET account_id = (SELECT id FROM accounts WHERE name = 'beta') WHERE key_id = @id", ("@id", keyId));

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Rotate("beta", KeyKind.Standard, null, null));

            Assert.Equal("IntegrityCheckFailed", ex.ErrorId);
        }

        [SkippableFact]
        public void An_untouched_key_passes_its_check_through_its_whole_life()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));
            store.Clock.Advance(TimeSpan.FromDays(2));
            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));

            store.Manager.Keys.Disable("acme", KeyKind.Standard, null);

            Assert.Equal(3, store.Count("SELECT count(*) FROM keys WHERE status = 2"));
        }
    }

    public sealed class SqliteKeyIntegrityTests : KeyIntegrityTests
    {
        public SqliteKeyIntegrityTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyIntegrityTests : KeyIntegrityTests
    {
        public PostgreSqlKeyIntegrityTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
