using System;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage
{
    /// <summary>Copying a SQLite store into a new store of each kind (subclasses at the end of the file).</summary>
    public abstract class StoreCopyTests : IDisposable
    {
        private readonly TestStore source = new TestStore(StoreKind.Sqlite);
        private readonly TestStore target;

        protected StoreCopyTests(StoreKind targetKind)
        {
            target = new TestStore(targetKind);
        }

        public void Dispose()
        {
            source.Dispose();
            target.Dispose();
        }

        [SkippableFact]
        public void The_copy_holds_roles_keys_audit_and_calls_and_verifies_on_its_own()
        {
            ApiKeyManager owner = source.Manager;
            IssuedKey first = owner.Keys.Create("acme", KeyKind.Standard, "billing");
            IssuedKey current = owner.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));
            owner.Keys.Create("beta", KeyKind.Developer, null);
            owner.Keys.Disable("beta", KeyKind.Developer, null);
            owner.Roles.Grant("bob", Roles.SuperAdmin, "bob@example.com");
            using (IKeyStore keyStore = source.NewKeyStore())
            {
                keyStore.AppendCalls(new[]
                {
                    new CallEntry { Timestamp = source.Clock.UtcNow, Account = "acme", KeyId = current.Key.KeyId, Kind = KeyKind.Standard, Method = "GET", Path = "/", Outcome = CallOutcome.Allowed, Reason = VerificationReason.Valid },
                    new CallEntry { Timestamp = source.Clock.UtcNow, Method = "GET", Path = "/", Outcome = CallOutcome.Denied, Reason = VerificationReason.Unknown },
                });
            }

            int sourceRows = source.Audit().Count;

            StoreCopy copy = CopyAs(owner);

            // A PostgreSQL target is administered by logins: the login that made it is a Super Admin too, audited.
            bool byLogin = target.Kind == StoreKind.PostgreSql;
            int added = byLogin ? 2 : 1;
            Assert.Equal((2, 3, sourceRows + (long)added, 2L, (long)sourceRows), (copy.Roles, copy.Keys, copy.AuditRows, copy.Calls, copy.SourceHeadSequence));
            ApiKeyManager copied = target.NewManager(target.NewKeyStore(), new TestIdentity(TestStore.Owner), source.KeyFolder);
            AuditVerification chain = copied.Audit.Verify(CancellationToken.None);
            Assert.True(chain.IsValid, chain.Reason);
            Assert.Equal(sourceRows + added, chain.RowsChecked);
            AuditEntry stamp = copied.Logs.ReadAudit(new AuditFilter { First = 1 }, CancellationToken.None).Single();
            Assert.Equal(AuditAction.StoreCopied, stamp.Action);
            Assert.Contains($"row {sourceRows}", stamp.Detail);
            Assert.Equal(source.Audit().Select(a => (a.Sequence, a.Action, a.KeyId, a.Detail)),
                copied.Logs.ReadAudit(new AuditFilter { OldestFirst = true }, CancellationToken.None).Take(sourceRows).Select(a => (a.Sequence, a.Action, a.KeyId, a.Detail)));

            Assert.Equal(byLogin ? new[] { TestStore.Owner, "bob", PostgreSqlServer.Role } : new[] { TestStore.Owner, "bob" },
                copied.Roles.List().Select(r => r.User).OrderBy(u => u, StringComparer.Ordinal));
            var keys = copied.Keys.List(new KeyQuery { IncludeInactive = true }).Keys.Select(k => k.Key).ToList();
            Assert.Equal(KeyStatus.Expiring, keys.Single(k => k.KeyId == first.Key.KeyId).Status);
            Assert.Equal(current.Secret, copied.Keys.Reveal(new KeyQuery { KeyId = current.Key.KeyId }).Keys.Single().Secret);
            Assert.Equal(2, copied.Logs.ReadCalls(new CallFilter { Since = source.Clock.UtcNow.AddDays(-1) }, CancellationToken.None).Count());
            using (var verifier = new KeyVerifier(target.NewKeyStore(), source.KeyFolder, new KeyVerifierOptions { Clock = source.Clock, BatchCalls = false }))
            {
                Assert.True(verifier.Verify(current.Secret).IsValid);
                Assert.True(verifier.Verify(first.Secret).IsValid);
            }

            // A second key file: the copy's own, beside the source's.
            Assert.Equal(2, System.IO.Directory.GetFiles(source.KeyFolder.Folder).Length);
        }

        [SkippableFact]
        public void A_source_whose_chain_does_not_verify_is_SourceAuditInvalid_and_nothing_is_made()
        {
            source.Manager.Keys.Create("acme", KeyKind.Standard, null);
            source.Sql("UPDATE audit SET detail = 'edited' WHERE seq = 2");

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => CopyAs(source.Manager));

            Assert.Equal("SourceAuditInvalid", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, ex.Kind);
            Assert.False(target.Made);
        }

        [SkippableFact]
        public void A_target_that_exists_is_TargetStoreExists_and_left_as_it_was()
        {
            source.Manager.Keys.Create("acme", KeyKind.Standard, null);
            target.Manager.Keys.Create("other", KeyKind.Standard, null);

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => CopyAs(source.Manager));

            Assert.Equal("TargetStoreExists", ex.ErrorId);
            Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
            Assert.Equal(new[] { "other" }, target.Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.Account));
        }

        [SkippableFact]
        public void Only_a_Super_Admin_of_the_source_may_copy_it()
        {
            source.Manager.Keys.Create("acme", KeyKind.Standard, null);
            ApiKeyManager mallory = source.NewManager(new TestIdentity("mallory"));

            Assert.Throws<PermissionDeniedException>(() => CopyAs(mallory));

            Assert.False(target.Made);
            Assert.Equal(AuditAction.AccessDenied, source.Audit().Last().Action);
        }

        private StoreCopy CopyAs(ApiKeyManager manager)
        {
            using (IKeyStore into = target.NewKeyStore())
            {
                return manager.Copy.To(into, CancellationToken.None);
            }
        }
    }

    public sealed class StoreCopyToSqliteTests : StoreCopyTests
    {
        public StoreCopyToSqliteTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class StoreCopyToPostgreSqlTests : StoreCopyTests
    {
        public StoreCopyToPostgreSqlTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
