using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    public abstract class DisableApiKeyCommandTests : CommandTestBase
    {
        protected DisableApiKeyCommandTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void Disabling_an_account_deactivates_its_active_key_and_its_expiring_predecessor()
        {
            InvocationResult result = Ok(@"
                $first = New-ApiKey -Account acme -AsPlainText
                $second = Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(1)) -Force -AsPlainText
                Disable-ApiKey -Account acme -Force -PassThru
                (Test-ApiKey -Key $first.Secret).Reason
                (Test-ApiKey -Key $second.Secret).Reason");

            Assert.Equal(4, result.Output.Count);
            Assert.All(result.Output.Take(2), k => Assert.Equal("Deactivated", Prop(k, "Status").ToString()));
            Assert.Equal(new[] { "Deactivated", "Deactivated" }, result.Output.Skip(2).Select(o => o.ToString()));
            Assert.Equal((0, 2), CountKeys("acme"));
        }

        [SkippableFact]
        public void A_new_key_can_be_generated_after_deactivation()
        {
            Ok("New-ApiKey -Account acme; Disable-ApiKey -Account acme -Confirm:$false");

            Assert.Single(Ok("New-ApiKey -Account acme").Output);
            Assert.Equal((1, 2), CountKeys("acme"));
        }

        [SkippableFact]
        public void Without_PassThru_nothing_is_written()
        {
            Ok("New-ApiKey -Account acme");

            Assert.Empty(Ok("Disable-ApiKey -Account acme -Force").Output);
        }

        [SkippableFact]
        public void An_unknown_key_id_is_reported_and_the_next_piped_key_is_still_deactivated()
        {
            Ok("New-ApiKey -Account acme; New-ApiKey -Account beta");

            InvocationResult result = Session.Invoke(@"
                $real = Get-ApiKey -Account acme
                [pscustomobject]@{ Account = 'beta'; KeyId = 'key_gh0stgh0stgh0st0' }, $real | Disable-ApiKey -Force -PassThru");

            AssertError(Assert.Single(result.Errors), "KeyNotFound", ErrorCategory.ObjectNotFound, "key_gh0stgh0stgh0st0");
            Assert.Single(result.Output);
            Assert.Equal((0, 1), CountKeys("acme"));
            Assert.Equal((1, 1), CountKeys("beta"));
        }

        [SkippableFact]
        public void A_piped_expiring_key_is_deactivated_alone_and_the_active_key_keeps_working()
        {
            Ok("New-ApiKey -Account acme; Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(1)) -Force");

            Ok("Get-ApiKey -Account acme | Where-Object Status -eq Expiring | Disable-ApiKey -Force");

            PSObject active = Assert.Single(Ok("Get-ApiKey -Account acme").Output);
            Assert.Equal("Active", Prop(active, "Status").ToString());
        }

        [SkippableFact]
        public void WhatIf_deactivates_nothing()
        {
            Ok("New-ApiKey -Account acme");

            Ok("Disable-ApiKey -Account acme -WhatIf");

            Assert.Equal((1, 1), CountKeys("acme"));
        }
    }

    public sealed class SqliteDisableApiKeyCommandTests : DisableApiKeyCommandTests
    {
        public SqliteDisableApiKeyCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlDisableApiKeyCommandTests : DisableApiKeyCommandTests
    {
        public PostgreSqlDisableApiKeyCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
