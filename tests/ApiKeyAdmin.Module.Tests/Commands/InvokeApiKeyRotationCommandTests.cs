using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    public abstract class InvokeApiKeyRotationCommandTests : CommandTestBase
    {
        protected InvokeApiKeyRotationCommandTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void Piped_keys_rotate_and_the_old_key_fails_at_once()
        {
            InvocationResult result = Ok(@"
                $old = New-ApiKey -Account acme -AsPlainText
                $new = Get-ApiKey -Account acme | Invoke-ApiKeyRotation -Force -AsPlainText
                $new.KeyId -ne $old.KeyId
                (Test-ApiKey -Key $old.Secret).Reason
                (Test-ApiKey -Key $new.Secret).IsValid");

            Assert.Equal(new[] { "True", "Deactivated", "True" }, result.Output.Select(o => o.ToString()));
            Assert.Equal((1, 2), CountKeys("acme"));
            Assert.Single(Ok("Get-ApiKeyAuditLog -Action Rotated").Output);
        }

        [SkippableFact]
        public void Objects_with_an_Account_property_bind_by_property_name()
        {
            Ok("New-ApiKey -Account acme");

            PSObject rotated = Assert.Single(Ok("[pscustomobject]@{ Account = 'acme' } | Invoke-ApiKeyRotation -Confirm:$false").Output);

            Assert.Equal("acme", Prop(rotated, "Account"));
        }

        [SkippableFact]
        public void A_grace_period_keeps_the_old_key_verifying_as_Expiring()
        {
            InvocationResult result = Ok(@"
                $old = New-ApiKey -Account acme -AsPlainText
                $null = Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(2)) -Force
                Test-ApiKey -Key $old.Secret
                Get-ApiKey -Account acme | Where-Object Status -eq Expiring");

            Assert.Equal(true, Prop(result.Output[0], "IsValid"));
            PSObject expiring = result.Output[1];
            Assert.NotNull(Prop(expiring, "ExpiresAt"));
            Assert.Equal((2, 2), CountKeys("acme"));
        }

        [SkippableTheory]
        [InlineData("([TimeSpan]::FromDays(8))")]
        [InlineData("([TimeSpan]::FromHours(-1))")]
        [InlineData("2")]
        public void A_grace_period_outside_0_to_7_days_is_refused_before_anything_changes(string grace)
        {
            Ok("New-ApiKey -Account acme");

            ErrorRecord error = Fails($"Invoke-ApiKeyRotation -Account acme -Force -GracePeriod {grace}");

            Assert.StartsWith("InvalidGracePeriod,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal((1, 1), CountKeys("acme"));
        }

        [SkippableFact]
        public void WhatIf_changes_nothing_even_with_Force()
        {
            Ok("New-ApiKey -Account acme");

            InvocationResult result = Ok("Invoke-ApiKeyRotation -Account acme -WhatIf; Invoke-ApiKeyRotation -Account acme -WhatIf -Force");

            Assert.Empty(result.Output);
            Assert.Equal((1, 1), CountKeys("acme"));
        }

        [SkippableFact]
        public void Without_Force_a_session_that_cannot_prompt_fails_and_changes_nothing()
        {
            Ok("New-ApiKey -Account acme");

            InvocationResult result = Session.Invoke("Invoke-ApiKeyRotation -Account acme");

            Assert.True(result.HadErrors);
            Assert.Empty(result.Output);
            Assert.Equal((1, 1), CountKeys("acme"));
        }

        [SkippableFact]
        public void An_unknown_key_id_is_KeyNotFound_with_the_id_as_target()
        {
            Ok("New-ApiKey -Account acme");

            ErrorRecord error = Fails("Invoke-ApiKeyRotation -KeyId key_d0esn0texist0000 -Force");

            AssertError(error, "KeyNotFound", ErrorCategory.ObjectNotFound, "key_d0esn0texist0000");
        }

        [SkippableFact]
        public void Rotating_in_a_missing_store_is_StoreNotFound_and_creates_nothing()
        {
            ErrorRecord error = Fails("Invoke-ApiKeyRotation -Account acme -Force");

            Assert.StartsWith("StoreNotFound,", error.FullyQualifiedErrorId);
            Assert.False(StoreMade);
        }
    }

    public sealed class SqliteInvokeApiKeyRotationCommandTests : InvokeApiKeyRotationCommandTests
    {
        public SqliteInvokeApiKeyRotationCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlInvokeApiKeyRotationCommandTests : InvokeApiKeyRotationCommandTests
    {
        public PostgreSqlInvokeApiKeyRotationCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
