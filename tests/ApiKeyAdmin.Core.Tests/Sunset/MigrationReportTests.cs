using System;
using System.Linq;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Sunset
{
    public abstract class MigrationReportTests : IDisposable
    {
        private readonly LogTestStore store;

        protected MigrationReportTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
        }

        public void Dispose() => store.Dispose();

        private DateTimeOffset Now => store.Clock.UtcNow;

        private void Calls(string account, string keyId, int count, TimeSpan ago, KeyKind kind = KeyKind.Standard)
        {
            store.AddCalls(Enumerable.Range(0, count).Select(_ =>
            {
                CallEntry call = LogTestStore.Call(Now - ago, account, keyId);
                call.Kind = kind;
                return call;
            }).ToArray());
        }

        [SkippableFact]
        public void Rows_count_the_past_7_days_standard_key_calls_and_active_tokens_most_urgent_first()
        {
            string acme = store.CreateKey("acme").Key.KeyId;
            string globex = store.CreateKey("globex").Key.KeyId;
            string initech = store.CreateKey("initech").Key.KeyId;
            store.CreateKey("umbrella");
            string token = store.Manager.Keys.Create("initech", KeyKind.AppToken, null, "crm", new[] { "crm.read" }).Key.KeyId;
            store.Manager.Keys.Create("globex", KeyKind.AppToken, null, "crm", new[] { "crm.read" });
            store.Manager.Keys.Create("nokey", KeyKind.AppToken, null, "crm", new[] { "crm.read" });
            Calls("acme", acme, 3, TimeSpan.FromDays(1));
            Calls("acme", acme, 4, TimeSpan.FromDays(8));
            Calls("globex", globex, 5, TimeSpan.FromHours(2));
            Calls("initech", initech, 2, TimeSpan.FromDays(7.5));
            Calls("initech", token, 9, TimeSpan.FromHours(1), KeyKind.AppToken);
            store.Manager.Policy.Set(new StorePolicyChange { SunsetAt = Now.AddDays(10).AddHours(1) });

            MigrationReport report = store.Manager.Sunset.Report();

            Assert.Equal(new[] { "globex", "acme", "umbrella", "initech" }, report.Rows.Select(r => r.Account));
            MigrationReportRow acmeRow = report.Rows.Single(r => r.Account == "acme");
            Assert.Equal(acme, acmeRow.KeyId);
            Assert.Equal(3, acmeRow.CallsLast7Days);
            Assert.Equal(0, acmeRow.AppTokens);
            Assert.Equal(11, acmeRow.DaysUntilSunset);
            Assert.Equal(Now - TimeSpan.FromDays(1), acmeRow.LastUsedAt);
            MigrationReportRow initechRow = report.Rows.Single(r => r.Account == "initech");
            Assert.True(initechRow.Ready);
            Assert.Equal(0, initechRow.CallsLast7Days);
            Assert.Equal(1, initechRow.AppTokens);
            Assert.False(report.Rows.Single(r => r.Account == "globex").Ready);
            Assert.Equal(2, report.Notice.AccountsCalling);
            Assert.Contains("2 account(s) called with a standard key in the past 7 days", report.Notice.ToString());
        }

        [SkippableFact]
        public void Days_left_count_whole_days_up()
        {
            store.CreateKey("acme");
            store.Manager.Policy.Set(new StorePolicyChange { SunsetAt = Now.AddDays(60) });
            store.Clock.Advance(TimeSpan.FromSeconds(1));

            Assert.Equal(60, store.Manager.Sunset.Report().Rows.Single().DaysUntilSunset);
        }

        [SkippableFact]
        public void Without_a_sunset_the_days_are_null_and_there_is_no_banner_and_after_it_they_are_negative()
        {
            store.CreateKey("acme");

            MigrationReport before = store.Manager.Sunset.Report();
            Assert.Null(store.Manager.Sunset.Notice());
            store.Manager.Policy.Set(new StorePolicyChange { SunsetAt = Now.AddDays(-2) });
            MigrationReport after = store.Manager.Sunset.Report();

            Assert.Null(before.Rows.Single().DaysUntilSunset);
            Assert.Null(before.Notice);
            Assert.Equal(-2, after.Rows.Single().DaysUntilSunset);
            Assert.Contains("stopped verifying at", after.Notice.ToString());
        }

        [SkippableFact]
        public void Accounts_whose_standard_key_is_deactivated_have_no_row()
        {
            store.CreateKey("acme");
            store.Manager.Keys.Disable("acme", KeyKind.Standard, null);

            Assert.Empty(store.Manager.Sunset.Report().Rows);
        }
    }

    public sealed class SqliteMigrationReportTests : MigrationReportTests
    {
        public SqliteMigrationReportTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlMigrationReportTests : MigrationReportTests
    {
        public PostgreSqlMigrationReportTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
