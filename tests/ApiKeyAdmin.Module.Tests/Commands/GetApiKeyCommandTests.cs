using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    public abstract class GetApiKeyCommandTests : CommandTestBase
    {
        protected GetApiKeyCommandTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void Reveal_shows_the_same_secret_again_and_audits_each_showing()
        {
            InvocationResult result = Ok(@"
                $made = New-ApiKey -Account acme -AsPlainText
                $shown = Get-ApiKey -Account acme -Reveal -AsPlainText
                $shown.Secret -ceq $made.Secret
                (Get-ApiKey -Account acme -Reveal).Secret.GetType().Name
                (Get-ApiKey -Account acme).Secret -eq $null");

            Assert.Equal(new object[] { true, "SecureString", true }, result.Output.Select(o => o.BaseObject));
            Assert.Equal(2, Ok("Get-ApiKeyAuditLog -Action Viewed").Output.Count);
        }

        [SkippableFact]
        public void Lists_the_keys_that_verify_unless_IncludeInactive_is_given()
        {
            Ok("New-ApiKey -Account acme; New-ApiKey -Account beta; Disable-ApiKey -Account beta -Force");

            Assert.Equal(new[] { "acme" }, Ok("Get-ApiKey").Output.Select(k => (string)Prop(k, "Account")));
            Assert.Equal(new[] { "acme", "beta" }, Ok("Get-ApiKey -IncludeInactive").Output.Select(k => (string)Prop(k, "Account")));
        }

        [SkippableFact]
        public void An_account_without_keys_is_a_non_terminating_KeyNotFound_and_the_others_still_list()
        {
            Ok("New-ApiKey -Account acme");

            InvocationResult result = Session.Invoke("Get-ApiKey -Account nobody, acme");

            PSObject key = Assert.Single(result.Output);
            Assert.Equal("acme", Prop(key, "Account"));
            AssertError(Assert.Single(result.Errors), "KeyNotFound", ErrorCategory.ObjectNotFound, "nobody");
        }

        [SkippableFact]
        public void A_key_past_its_rotation_date_warns_with_the_command_that_rotates_it()
        {
            CoreSeams.Define(Session);
            Assert.False(CoreSeams.AsUser(Session, Me, "$null = $m.Keys.Create('acme', 'Standard', 'old')", DateTimeOffset.UtcNow.AddDays(-200)).HadErrors);

            InvocationResult result = Ok("Get-ApiKey -Account acme");

            PSObject key = Assert.Single(result.Output);
            Assert.Equal(200, Prop(key, "AgeDays"));
            Assert.Equal("Overdue", Prop(key, "RotationState").ToString());
            WarningRecord warning = Assert.Single(result.Warnings);
            Assert.Contains("Invoke-ApiKeyRotation -Account 'acme' -Kind Standard", warning.Message);
        }

        [SkippableFact]
        public void A_user_without_the_role_is_refused_with_PermissionDenied_and_the_refusal_is_audited()
        {
            CoreSeams.Define(Session);
            InvocationResult made = CoreSeams.AsUser(Session, "alice", "$null = $m.Keys.Create('acme', 'Standard', $null)");
            Assert.False(made.HadErrors, made.ToString());

            ErrorRecord error = Fails("Get-ApiKey -Account acme");

            Assert.StartsWith("SuperAdminRequired,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
            Assert.Contains("SuperAdmin", error.Exception.Message);
            InvocationResult audit = CoreSeams.AsUser(Session, "alice",
                "$m.Logs.ReadAudit([ApiKeyAdmin.Storage.AuditFilter]@{ Actions = [ApiKeyAdmin.AuditAction[]]'AccessDenied' }, [Threading.CancellationToken]::None)");
            Assert.Single(audit.Output);
        }

        [SkippableFact]
        public void Revealing_several_keys_in_a_session_that_cannot_prompt_fails_before_anything_is_revealed_or_audited()
        {
            Ok("New-ApiKey -Account acme | Out-Null; New-ApiKey -Account globex | Out-Null");

            InvocationResult result = Session.Invoke("Get-ApiKey -Reveal -AsPlainText");

            Assert.True(result.HadErrors);
            Assert.Empty(result.Output);
            Assert.Empty(Ok("Get-ApiKeyAuditLog -Action Viewed").Output);
            Assert.Equal(2, Ok("Get-ApiKey -Reveal -AsPlainText -Force").Output.Count);
        }

        [SkippableFact]
        public void A_missing_store_lists_nothing_and_is_not_created()
        {
            InvocationResult result = Ok("Get-ApiKey; Get-ApiKeyAuditLog; Get-ApiKeyAdminRole");

            Assert.Empty(result.Output);
            Assert.False(StoreMade);
        }
    }

    public sealed class SqliteGetApiKeyCommandTests : GetApiKeyCommandTests
    {
        public SqliteGetApiKeyCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlGetApiKeyCommandTests : GetApiKeyCommandTests
    {
        public PostgreSqlGetApiKeyCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
