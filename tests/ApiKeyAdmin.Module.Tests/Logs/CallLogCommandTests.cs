using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Logs
{
    /// <summary>One store with a handful of calls, read by every test (none of them writes).</summary>
    public abstract class CallLogFixture : IDisposable
    {
        protected CallLogFixture(StoreKind kind)
        {
            SkipReason = kind == StoreKind.PostgreSql ? PostgreSqlServer.SkipReason : null;
            if (SkipReason != null)
            {
                // A fixture cannot skip; each test does, in its constructor.
                return;
            }

            Session = new LogSession(kind);
            // Oldest first: acme GET /contacts/1 (200), acme POST /Deals (201), garbage GET /contacts/2, globex GET /x (404),
            // acme Test-ApiKey GET /contacts/3 (no status).
            Session.Ok(@"
                $acme = New-ApiKey -Account acme -AsPlainText
                $globex = New-ApiKey -Account globex -AsPlainText
                Send-TestCall -Key $acme.Secret -Method GET -Path /contacts/1 -StatusCode 200 -DurationMs 4.5
                Send-TestCall -Key $acme.Secret -Method POST -Path /Deals -StatusCode 201 -DurationMs 9
                $null = Test-ApiKey -Key 'aks_not-a-key' -Method GET -Path /contacts/2
                Send-TestCall -Key $globex.Secret -Method get -Path /x -StatusCode 404 -DurationMs 1
                $null = $acme | Test-ApiKey -Method GET -Path /contacts/3");
        }

        public LogSession Session { get; }

        /// <summary>Why the fixture's store could not be had, or null.</summary>
        public string SkipReason { get; }

        public void Dispose() => Session?.Dispose();
    }

    public abstract class CallLogCommandTests
    {
        private readonly LogSession s;

        protected CallLogCommandTests(CallLogFixture fixture)
        {
            Skip.If(fixture.SkipReason != null, fixture.SkipReason);
            s = fixture.Session;
        }

        [SkippableFact]
        public void The_log_comes_newest_first_as_flat_CallRecord_objects()
        {
            InvocationResult log = s.Ok("Get-ApiKeyCallLog");

            Assert.Equal(new[] { "/contacts/3", "/x", "/contacts/2", "/Deals", "/contacts/1" }, LogSession.Texts(log, "Path"));
            Assert.Equal(new[] { "acme", "globex", "", "acme", "acme" }, LogSession.Texts(log, "Account"));
            LogSession.AssertFlat(log, "ApiKeyAdmin.CallRecord");
            Assert.Empty(log.Warnings);
        }

        [SkippableTheory]
        [InlineData("-Outcome Denied", new[] { "/contacts/2" })]
        [InlineData("-Outcome Allowed -Account ACME", new[] { "/contacts/3", "/Deals", "/contacts/1" })]
        [InlineData("-StatusCode 201, 404", new[] { "/x", "/Deals" })]
        [InlineData("-Method GET", new[] { "/contacts/3", "/x", "/contacts/2", "/contacts/1" })]
        [InlineData("-Method post", new[] { "/Deals" })]
        [InlineData("-Path '/contacts/*'", new[] { "/contacts/3", "/contacts/2", "/contacts/1" })]
        [InlineData("-Path '/CONTACTS/[12]'", new[] { "/contacts/2", "/contacts/1" })]
        [InlineData("-Path /deals", new[] { "/Deals" })]
        [InlineData("-Path '/contacts/*' -Outcome Allowed -First 1", new[] { "/contacts/3" })]
        [InlineData("-First 2", new[] { "/contacts/3", "/x" })]
        [InlineData("-Account globex", new[] { "/x" })]
        [InlineData("-Until ([DateTimeOffset]::UtcNow.AddDays(-8))", new string[0])]
        public void Filters_select_calls_and_combine(string filter, string[] paths)
        {
            InvocationResult result = s.Ok("Get-ApiKeyCallLog " + filter);

            Assert.Equal(paths, LogSession.Texts(result, "Path"));
        }

        [SkippableFact]
        public void Reported_status_and_duration_are_kept_and_calls_without_them_have_none()
        {
            InvocationResult result = s.Ok("Get-ApiKeyCallLog -Account acme");

            Assert.Equal(new object[] { null, 201, 200 }, result.Output.Select(o => LogSession.Prop(o, "StatusCode")));
            Assert.Equal(new object[] { null, 9.0, 4.5 }, result.Output.Select(o => LogSession.Prop(o, "DurationMs")));
        }

        [SkippableFact]
        public void Keys_from_the_pipeline_select_their_own_calls()
        {
            InvocationResult result = s.Ok("Get-ApiKey -Account globex | Get-ApiKeyCallLog");

            Assert.Equal(new[] { "/x" }, LogSession.Texts(result, "Path"));
        }

        [SkippableFact]
        public void A_call_with_a_malformed_key_names_no_account_and_carries_no_key()
        {
            PSObject call = Assert.Single(s.Ok("Get-ApiKeyCallLog -Outcome Denied").Output);

            Assert.Equal(("", "", "Malformed"), ((string)LogSession.Prop(call, "Account"), (string)LogSession.Prop(call, "KeyId"), LogSession.Prop(call, "Reason").ToString()));
            Assert.All(call.Properties, p => Assert.DoesNotContain("not-a-key", p.Value?.ToString() ?? ""));
        }

        [SkippableFact]
        public void Since_further_back_than_7_days_warns_and_still_returns_the_log()
        {
            InvocationResult old = s.Ok("Get-ApiKeyCallLog -Since ([DateTimeOffset]::UtcNow.AddDays(-10))");
            InvocationResult recent = s.Ok("Get-ApiKeyCallLog -Since ([DateTimeOffset]::UtcNow.AddDays(-1))");

            Assert.Contains("7 days", Assert.Single(old.Warnings).Message);
            Assert.Equal(5, old.Output.Count);
            Assert.Empty(recent.Warnings);
            Assert.Equal(5, recent.Output.Count);
        }

        [SkippableFact]
        public void Since_after_Until_is_InvalidTimeRange()
        {
            ErrorRecord error = s.Fails("Get-ApiKeyCallLog -Since ([DateTimeOffset]::UtcNow) -Until ([DateTimeOffset]::UtcNow.AddHours(-1))");

            LogSession.AssertError(error, "InvalidTimeRange", ErrorCategory.InvalidArgument);
        }

        [SkippableTheory]
        [InlineData("[")]
        [InlineData("/contacts/[1")]
        [InlineData("/contacts`")]
        public void An_odd_path_pattern_is_InvalidPathPattern(string pattern)
        {
            ErrorRecord error = s.Fails("param($P) Get-ApiKeyCallLog -Path $P", new Hashtable { ["P"] = pattern });

            LogSession.AssertError(error, "InvalidPathPattern", ErrorCategory.InvalidArgument);
            Assert.Equal(pattern, error.TargetObject);
        }

        [SkippableFact]
        public void A_status_code_outside_HTTP_or_a_First_below_one_fails_at_binding()
        {
            Assert.StartsWith("ParameterArgumentValidationError,", s.Fails("Get-ApiKeyCallLog -StatusCode 99").FullyQualifiedErrorId);
            Assert.StartsWith("ParameterArgumentValidationError,", s.Fails("Get-ApiKeyCallLog -First 0").FullyQualifiedErrorId);
        }

        [SkippableFact]
        public void A_missing_store_has_no_calls_and_is_not_created()
        {
            var other = new Hashtable { ["Store"] = s.MissingStore() };

            Assert.Empty(s.Ok("param($Store) Get-ApiKeyCallLog @Store; Measure-ApiKeyCallLog -Interval Day @Store", other).Output);
            Assert.False(s.Exists((Hashtable)other["Store"]));
        }

        [SkippableFact]
        public void Measure_counts_calls_per_hour_and_account_by_outcome()
        {
            InvocationResult result = s.Ok("Measure-ApiKeyCallLog -Interval Hour");

            LogSession.AssertFlat(result, "ApiKeyAdmin.CallVolume");
            var rows = result.Output.Select(o => (
                Interval: (DateTimeOffset)LogSession.Prop(o, "Interval"),
                Account: (string)LogSession.Prop(o, "Account"),
                Allowed: (long)LogSession.Prop(o, "Allowed"),
                Denied: (long)LogSession.Prop(o, "Denied"),
                Total: (long)LogSession.Prop(o, "Total"))).ToList();
            Assert.Equal(5L, rows.Sum(r => r.Total));
            Assert.Equal(3L, rows.Where(r => r.Account == "acme").Sum(r => r.Allowed));
            Assert.Equal(1L, rows.Where(r => r.Account == "").Sum(r => r.Denied));
            Assert.All(rows, r => Assert.Equal((0, 0, 0, TimeSpan.Zero), (r.Interval.Minute, r.Interval.Second, r.Interval.Millisecond, r.Interval.Offset)));
            Assert.All(rows, r => Assert.Equal(r.Allowed + r.Denied, r.Total));
            Assert.Equal(rows.OrderBy(r => r.Interval).Select(r => r.Interval), rows.Select(r => r.Interval));
        }

        [SkippableFact]
        public void Measure_by_day_for_one_account_gives_one_row_per_day()
        {
            InvocationResult result = s.Ok("Measure-ApiKeyCallLog -Account ACME -Interval Day");

            PSObject day = Assert.Single(result.Output);
            Assert.Equal("acme", LogSession.Prop(day, "Account"));
            Assert.Equal(3L, LogSession.Prop(day, "Total"));
            Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)LogSession.Prop(day, "Interval")).TimeOfDay);
        }

        [SkippableFact]
        public void Measure_warns_about_retention_and_refuses_a_reversed_range()
        {
            InvocationResult old = s.Ok("Measure-ApiKeyCallLog -Interval Day -Since ([DateTimeOffset]::UtcNow.AddDays(-30))");
            ErrorRecord reversed = s.Fails("Measure-ApiKeyCallLog -Interval Hour -Since ([DateTimeOffset]::UtcNow) -Until ([DateTimeOffset]::UtcNow.AddDays(-2))");

            Assert.Single(old.Warnings);
            Assert.Equal(5L, old.Output.Sum(o => (long)LogSession.Prop(o, "Total")));
            LogSession.AssertError(reversed, "InvalidTimeRange", ErrorCategory.InvalidArgument);
        }
    }

    public sealed class SqliteCallLogFixture : CallLogFixture
    {
        public SqliteCallLogFixture()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlCallLogFixture : CallLogFixture
    {
        public PostgreSqlCallLogFixture()
            : base(StoreKind.PostgreSql)
        {
        }
    }

    public sealed class SqliteCallLogCommandTests : CallLogCommandTests, IClassFixture<SqliteCallLogFixture>
    {
        public SqliteCallLogCommandTests(SqliteCallLogFixture fixture)
            : base(fixture)
        {
        }
    }

    public sealed class PostgreSqlCallLogCommandTests : CallLogCommandTests, IClassFixture<PostgreSqlCallLogFixture>
    {
        public PostgreSqlCallLogCommandTests(PostgreSqlCallLogFixture fixture)
            : base(fixture)
        {
        }
    }
}
