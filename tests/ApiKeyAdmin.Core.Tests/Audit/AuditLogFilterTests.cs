using System;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Audit
{
    public abstract class AuditLogFilterTests : IDisposable
    {
        private readonly LogTestStore store;

        protected AuditLogFilterTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void Account_and_actor_filters_fold_case_as_the_names_themselves_do()
        {
            store.CreateKey("Acme");
            store.Manager.Roles.Grant("Bob", Roles.SuperAdmin, null);
            store.NewManager("bob").Keys.Create("globex", KeyKind.Standard, null);

            AuditEntry[] acme = store.Manager.Logs.ReadAudit(new AuditFilter { Accounts = new[] { "ACME" } }, CancellationToken.None).ToArray();
            AuditEntry[] byBob = store.Manager.Logs.ReadAudit(new AuditFilter { Actor = "BOB" }, CancellationToken.None).ToArray();

            Assert.Equal(("Acme", AuditAction.Created), (Assert.Single(acme).Account, acme[0].Action));
            Assert.Equal(("globex", "bob"), (Assert.Single(byBob).Account, byBob[0].Actor));
        }

        [SkippableFact]
        public void Rows_come_newest_first_and_First_keeps_the_newest()
        {
            store.CreateKey("acme");
            store.Clock.Advance(TimeSpan.FromMinutes(1));
            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);

            AuditEntry[] rows = store.Manager.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToArray();
            AuditEntry[] first = store.Manager.Logs.ReadAudit(new AuditFilter { First = 2 }, CancellationToken.None).ToArray();

            Assert.Equal(rows.Select(r => r.Sequence).OrderByDescending(s => s), rows.Select(r => r.Sequence));
            Assert.Equal(rows.Take(2).Select(r => r.Sequence), first.Select(r => r.Sequence));
            Assert.Equal(AuditAction.Rotated, first[0].Action);
        }
    }

    public sealed class SqliteAuditLogFilterTests : AuditLogFilterTests
    {
        public SqliteAuditLogFilterTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlAuditLogFilterTests : AuditLogFilterTests
    {
        public PostgreSqlAuditLogFilterTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
