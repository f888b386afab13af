using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>App tokens, the policy dates, the migration report and the sunset banner, driven as a user would.</summary>
    public abstract class SunsetCommandTests : CommandTestBase
    {
        protected SunsetCommandTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void New_ApiKey_with_an_app_name_and_scopes_makes_a_token_and_Test_ApiKey_checks_its_scopes()
        {
            InvocationResult made = Ok("$t = New-ApiKey -Account acme -AppName crm -Scope crm.write, 'crm.read crm.write'; $t");
            PSObject token = Assert.Single(made.Output);

            Assert.Equal("AppToken", Prop(token, "Kind").ToString());
            Assert.Equal("crm", Prop(token, "AppName"));
            Assert.Equal("crm.read crm.write", Prop(token, "Scope"));
            Assert.StartsWith("akt_", (string)Prop(token, "MaskedKey"));
            InvocationResult tested = Ok("($t | Test-ApiKey -RequiredScope crm.read).Reason; ($t | Test-ApiKey -RequiredScope crm.read, crm.delete).Reason");
            Assert.Equal(new[] { "Valid", "InsufficientScope" }, tested.Output.Select(o => o.ToString()));
        }

        [SkippableFact]
        public void Invalid_scopes_and_mismatched_app_arguments_are_errors_with_their_ErrorIds()
        {
            Ok("New-ApiKey -Account acme | Out-Null");

            AssertError(Fails("New-ApiKey -Account acme -Kind AppToken -AppName crm -Scope 'CRM.Read'"), "InvalidScope", ErrorCategory.InvalidArgument, "CRM.Read");
            AssertError(Fails("New-ApiKey -Account acme -Kind AppToken -Scope crm.read"), "AppNameRequired", ErrorCategory.InvalidArgument, null);
            AssertError(Fails("New-ApiKey -Account acme -AppName crm"), "ScopeRequired", ErrorCategory.InvalidArgument, "crm");
            AssertError(Fails("New-ApiKey -Account acme -Kind Developer -AppName crm -Scope crm.read"), "AppNameNotAllowed", ErrorCategory.InvalidArgument, "crm");
            AssertError(Fails("Test-ApiKey -Key x -RequiredScope 'not a.Scope!'"), "InvalidScope", ErrorCategory.InvalidArgument, "a.Scope!");
            AssertError(Fails("Disable-ApiKey -Account acme -Kind AppToken -Force"), "AppNameRequired", ErrorCategory.InvalidArgument, null);
        }

        [SkippableFact]
        public void Tokens_are_picked_by_app_name_for_listing_rotation_and_deactivation()
        {
            Ok("New-ApiKey -Account acme -AppName crm -Scope crm.read | Out-Null; New-ApiKey -Account acme -AppName billing -Scope billing.read | Out-Null");

            Assert.Equal(2, Ok("@(Get-ApiKey -Account acme -Kind AppToken).Count").Output.Single().BaseObject);
            PSObject rotated = Ok("Invoke-ApiKeyRotation -Account acme -AppName crm -Force").Output.Single();
            Assert.Equal("crm.read", Prop(rotated, "Scope"));
            Ok("Disable-ApiKey -Account acme -AppName billing -Force");
            Assert.Equal(new object[] { "crm" }, Ok("Get-ApiKey -Account acme -Kind AppToken | ForEach-Object AppName").Output.Select(o => o.BaseObject));
            AssertError(Fails("New-ApiKey -Account acme -AppName CRM -Scope crm.read"), "ActiveKeyExists", ErrorCategory.ResourceExists, "acme");
        }

        [SkippableFact]
        public void After_NewKeysUntil_a_first_standard_key_is_NewKeysClosed_and_clearing_the_date_with_null_reopens_it()
        {
            Ok("New-ApiKey -Account acme | Out-Null; Set-ApiKeyStorePolicy -NewKeysUntil ([DateTimeOffset]::UtcNow.AddMinutes(-1)) -Force");

            ErrorRecord closed = Fails("New-ApiKey -Account newcomer");
            AssertError(closed, "NewKeysClosed", ErrorCategory.InvalidOperation, "newcomer");
            Assert.Contains("-Kind AppToken -AppName", closed.Exception.Message);
            Ok("New-ApiKey -Account newcomer -Kind Developer | Out-Null; New-ApiKey -Account newcomer -AppName crm -Scope crm.read | Out-Null");
            Ok("Set-ApiKeyStorePolicy -NewKeysUntil $null -Force");
            Assert.Null(Prop(Ok("Get-ApiKeyStorePolicy").Output.Single(), "NewKeysUntil"));
            Ok("New-ApiKey -Account newcomer | Out-Null");
        }

        [SkippableFact]
        public void Set_ApiKeyStorePolicy_honours_WhatIf_and_needs_a_setting()
        {
            Ok("New-ApiKey -Account acme | Out-Null");

            Ok("Set-ApiKeyStorePolicy -SunsetAt '2030-01-01T00:00:00Z' -WhatIf");

            Assert.Null(Prop(Ok("Get-ApiKeyStorePolicy").Output.Single(), "SunsetAt"));
            AssertError(Fails("Set-ApiKeyStorePolicy -Force"), "NoPolicySetting", ErrorCategory.InvalidArgument, null);
        }

        [SkippableFact]
        public void From_the_sunset_standard_keys_test_as_Sunset_until_the_date_is_cleared()
        {
            Ok("$k = New-ApiKey -Account acme; $d = New-ApiKey -Account acme -Kind Developer");

            Ok("Set-ApiKeyStorePolicy -SunsetAt ([DateTimeOffset]::UtcNow.AddMinutes(-1)) -Force");
            Assert.Equal(new[] { "Sunset", "Valid" }, Ok("($k | Test-ApiKey).Reason; ($d | Test-ApiKey).Reason").Output.Select(o => o.ToString()));
            Ok("Set-ApiKeyStorePolicy -SunsetAt $null -Force");
            Assert.Equal("Valid", Ok("($k | Test-ApiKey).Reason").Output.Single().ToString());
        }

        [SkippableFact]
        public void While_a_sunset_is_set_a_listing_of_standard_keys_warns_once_per_session_and_store()
        {
            Ok("$a = New-ApiKey -Account acme; $null = New-ApiKey -Account globex; $null = New-ApiKey -Account acme -AppName crm -Scope crm.read; $a | Test-ApiKey | Out-Null");
            Assert.Empty(Ok("Get-ApiKey").Warnings);

            Ok("Set-ApiKeyStorePolicy -SunsetAt '2099-11-30T00:00:00Z' -Force");
            InvocationResult tokens = Ok("Get-ApiKey -Kind AppToken; Get-ApiKey -KeyId (Get-ApiKey -Kind AppToken).KeyId");
            InvocationResult report = Ok("Get-ApiKeyMigrationReport");
            InvocationResult listed = Ok("'acme', 'globex' | Get-ApiKey -Kind Standard");
            InvocationResult again = Ok("Get-ApiKey");

            // The sunset does not touch app tokens, and the report is the command the warning points to.
            Assert.Empty(tokens.Warnings);
            Assert.Empty(report.Warnings);
            Assert.Equal(2, listed.Output.Count);
            WarningRecord warning = Assert.Single(listed.Warnings);
            Assert.Contains("2099-11-30 00:00:00Z", warning.Message);
            Assert.Contains("1 account(s) called with a standard key in the past 7 days", warning.Message);
            Assert.Empty(again.Warnings);
            Assert.Equal(new object[] { "acme", "globex" }, report.Output.Select(o => Prop(o, "Account")));
            Assert.Equal(1L, Prop(report.Output[0], "CallsLast7Days"));
            Assert.Equal(false, Prop(report.Output[0], "Ready"));
        }

        [SkippableFact]
        public void A_sunset_60_days_away_has_60_days_left()
        {
            Ok("New-ApiKey -Account acme | Out-Null; Set-ApiKeyStorePolicy -SunsetAt ([DateTimeOffset]::UtcNow.AddDays(60)) -Force");

            Assert.Equal(60, Prop(Ok("Get-ApiKeyMigrationReport").Output.Single(), "DaysUntilSunset"));
        }

        [SkippableFact]
        public void A_manager_acting_after_NewKeysUntil_through_the_core_seam_is_refused_while_now_is_still_open()
        {
            Ok("New-ApiKey -Account acme | Out-Null");
            DateTimeOffset until = DateTimeOffset.UtcNow.AddDays(30);
            Ok("param($Until) Set-ApiKeyStorePolicy -NewKeysUntil $Until -Force", new Hashtable { ["Until"] = until });
            CoreSeams.Define(Session);

            InvocationResult later = CoreSeams.AsUser(Session, Me, "try { $m.Keys.Create('newcomer', 'Standard', $null) | Out-Null; 'made' } catch { $_.Exception.InnerException.ErrorId }", until.AddDays(1));

            Assert.Equal("NewKeysClosed", later.Output.Single().ToString());
            Ok("New-ApiKey -Account newcomer | Out-Null");
        }
    }

    public sealed class SqliteSunsetCommandTests : SunsetCommandTests
    {
        public SqliteSunsetCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlSunsetCommandTests : SunsetCommandTests
    {
        public PostgreSqlSunsetCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
