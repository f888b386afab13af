using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Logs
{
    public abstract class AuditLogCommandTests : IDisposable
    {
        private readonly LogSession s;

        protected AuditLogCommandTests(StoreKind kind)
        {
            s = new LogSession(kind);
            // Rows 1-2 StoreCreated, RoleGranted; 3-4 Created; then a pause, 5 Viewed, 6 Rotated, 7 Deactivated.
            s.Ok(@"
                $null = New-ApiKey -Account acme
                $null = New-ApiKey -Account Globex
                [System.Threading.Thread]::Sleep(30)
                $global:Middle = [DateTimeOffset]::UtcNow
                [System.Threading.Thread]::Sleep(30)
                $null = Get-ApiKey -Account acme -Reveal
                $null = Invoke-ApiKeyRotation -Account acme -Force
                $null = Disable-ApiKey -Account globex -Force");
        }

        public void Dispose() => s.Dispose();

        [SkippableFact]
        public void The_log_comes_newest_first_as_flat_AuditEntry_objects()
        {
            InvocationResult log = s.Ok("Get-ApiKeyAuditLog");

            Assert.Equal(new[] { "Deactivated", "Rotated", "Viewed", "Created", "Created", "RoleGranted", "StoreCreated" }, LogSession.Texts(log, "Action"));
            Assert.Equal(new[] { "7", "6", "5", "4", "3", "2", "1" }, LogSession.Texts(log, "Sequence"));
            LogSession.AssertFlat(log, "ApiKeyAdmin.AuditEntry");
        }

        [SkippableFact]
        public void Action_Account_and_First_filter_and_combine()
        {
            Assert.Equal(new[] { "Viewed", "Created", "Created" }, LogSession.Texts(s.Ok("Get-ApiKeyAuditLog -Action Created, Viewed"), "Action"));
            Assert.Equal(new[] { "Rotated", "Viewed", "Created" }, LogSession.Texts(s.Ok("Get-ApiKeyAuditLog -Account ACME"), "Action"));
            Assert.Equal(new[] { "Deactivated", "Created" }, LogSession.Texts(s.Ok("Get-ApiKeyAuditLog -Account acme, globex -Action Created, Deactivated -First 2"), "Action"));
            Assert.Equal(new[] { "7" }, LogSession.Texts(s.Ok("Get-ApiKeyAuditLog -First 1"), "Sequence"));
        }

        [SkippableFact]
        public void Since_and_Until_split_the_log_at_a_moment()
        {
            string[] since = LogSession.Texts(s.Ok("Get-ApiKeyAuditLog -Since $Middle"), "Action");
            string[] until = LogSession.Texts(s.Ok("Get-ApiKeyAuditLog -Until $Middle"), "Action");

            Assert.Equal(new[] { "Deactivated", "Rotated", "Viewed" }, since);
            Assert.Equal(new[] { "Created", "Created", "RoleGranted", "StoreCreated" }, until);
        }

        [SkippableFact]
        public void A_key_from_the_pipeline_selects_the_rows_about_that_key()
        {
            InvocationResult rows = s.Ok("Get-ApiKey -Account globex -IncludeInactive | Get-ApiKeyAuditLog");

            Assert.Equal(new[] { "Deactivated", "Created" }, LogSession.Texts(rows, "Action"));
        }

        [SkippableFact]
        public void Since_after_Until_is_InvalidTimeRange()
        {
            ErrorRecord error = s.Fails("Get-ApiKeyAuditLog -Since ([DateTimeOffset]::UtcNow) -Until ([DateTimeOffset]::UtcNow.AddDays(-1))");

            LogSession.AssertError(error, "InvalidTimeRange", ErrorCategory.InvalidArgument);
        }

        [SkippableFact]
        public void An_unknown_action_or_a_First_below_one_fails_at_binding()
        {
            ErrorRecord action = s.Fails("Get-ApiKeyAuditLog -Action Exploded");
            ErrorRecord first = s.Fails("Get-ApiKeyAuditLog -First 0");

            Assert.StartsWith("CannotConvertArgumentNoMessage,", action.FullyQualifiedErrorId);
            Assert.StartsWith("ParameterArgumentValidationError,", first.FullyQualifiedErrorId);
        }

        [SkippableFact]
        public void An_untouched_chain_is_valid_and_every_row_is_checked()
        {
            PSObject result = Assert.Single(s.Ok("Test-ApiKeyAuditLog").Output);

            Assert.Equal(true, LogSession.Prop(result, "IsValid"));
            Assert.Equal(7L, LogSession.Prop(result, "RowsChecked"));
            Assert.Null(LogSession.Prop(result, "FirstInvalidSequence"));
            Assert.Equal("ApiKeyAdmin.AuditVerification", result.BaseObject.GetType().FullName);
        }

        [SkippableFact]
        public void A_missing_store_has_no_audit_log_and_no_chain_to_test()
        {
            var other = new Hashtable { ["Store"] = s.MissingStore() };

            Assert.Empty(s.Ok("param($Store) Get-ApiKeyAuditLog @Store", other).Output);
            LogSession.AssertError(s.Fails("param($Store) Test-ApiKeyAuditLog @Store", other), "StoreNotFound", ErrorCategory.ObjectNotFound);
            Assert.False(s.Exists((Hashtable)other["Store"]));
        }
    }

    public sealed class SqliteAuditLogCommandTests : AuditLogCommandTests
    {
        public SqliteAuditLogCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlAuditLogCommandTests : AuditLogCommandTests
    {
        public PostgreSqlAuditLogCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
