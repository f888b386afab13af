using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Reading the audit log: newest first, with its filters; run against each store.</summary>
    public abstract class AuditLogReadTests : ManagerTestBase
    {
        protected AuditLogReadTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void The_audit_log_reads_newest_first_and_filters()
        {
            string acme = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            Clock.Advance(TimeSpan.FromHours(1));
            Manager.Keys.Create("beta", KeyKind.Standard, null);
            Clock.Advance(TimeSpan.FromHours(1));
            Manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "acme" } });
            Assert.Throws<PermissionDeniedException>(() => Store.NewManager(new TestIdentity("mallory")).Roles.List());

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
    }

    public sealed class SqliteAuditLogReadTests : AuditLogReadTests
    {
        public SqliteAuditLogReadTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlAuditLogReadTests : AuditLogReadTests
    {
        public PostgreSqlAuditLogReadTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
