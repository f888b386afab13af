using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>Consent given on the command line means no prompt; without it, rotation asks the host first. (The default views are tested in a real pwsh, in ApiKeyAdmin.Pwsh.Tests.)</summary>
    public sealed class ConsoleHostTests : IDisposable
    {
        private readonly CapturingHost host = new CapturingHost();
        private readonly ModuleSession session;

        public ConsoleHostTests()
        {
            session = new ModuleSession(host);
            Run("param($Path) $PSDefaultParameterValues['*-ApiKey*:StorePath'] = $Path", new Hashtable { ["Path"] = session.StorePath });
        }

        [Theory]
        [InlineData("Invoke-ApiKeyRotation -Account acme -Force")]
        [InlineData("Invoke-ApiKeyRotation -Account acme -Confirm:$false")]
        [InlineData("Disable-ApiKey -Account acme -Force")]
        [InlineData("Disable-ApiKey -Account acme -Confirm:$false")]
        public void Consent_given_on_the_command_line_means_no_prompt(string command)
        {
            Run("New-ApiKey -Account acme | Out-Null");

            Run(command + " | Out-Null");

            Assert.Equal(0, host.Prompts);
        }

        [Fact]
        public void Without_consent_rotation_asks_and_a_no_changes_nothing()
        {
            Run("$before = (New-ApiKey -Account acme).KeyId");

            InvocationResult result = session.Invoke("Invoke-ApiKeyRotation -Account acme; (Get-ApiKey -Account acme).KeyId -eq $before");

            Assert.Equal(1, host.Prompts);
            Assert.Equal(true, Assert.Single(result.Output).BaseObject);
        }

        [Fact]
        public void Disable_acts_on_the_keys_its_prompt_named_and_a_key_deactivated_meanwhile_is_KeyNotActive()
        {
            Run("$first = New-ApiKey -Account acme; $second = Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(1)) -Force");
            string first = session.Invoke("$first.KeyId").Output.Single().ToString();
            string second = session.Invoke("$second.KeyId").Output.Single().ToString();
            using (var other = new ModuleSession())
            {
                // Another user's session deactivates the active key while this prompt, which named both keys, waits.
                host.OnConfirm = () =>
                {
                    Assert.False(other.Invoke("param($Path, $Id) Disable-ApiKey -KeyId $Id -StorePath $Path -Force",
                        new Hashtable { ["Path"] = session.StorePath, ["Id"] = second }).HadErrors);
                    return true;
                };

                InvocationResult result = session.Invoke("Disable-ApiKey -Account acme");

                Assert.Equal(1, host.Prompts);
                ErrorRecord error = Assert.Single(result.Errors);
                Assert.StartsWith("KeyNotActive,", error.FullyQualifiedErrorId);
                Assert.Equal(second, error.TargetObject);
                Assert.Equal("Expiring", session.Invoke("param($Id) (Get-ApiKey -KeyId $Id).Status.ToString()", new Hashtable { ["Id"] = first }).Output.Single().ToString());
            }
        }

        [Fact]
        public void Revealing_several_keys_asks_once_and_a_no_reveals_and_audits_nothing()
        {
            Run("New-ApiKey -Account acme | Out-Null; New-ApiKey -Account globex | Out-Null");

            InvocationResult result = session.Invoke("Get-ApiKey -Reveal -AsPlainText");

            Assert.Equal(1, host.Prompts);
            Assert.Empty(result.Output);
            Assert.Equal(0, Viewed());
        }

        [Fact]
        public void Revealing_several_keys_goes_ahead_on_yes_or_with_Force_and_one_key_never_asks()
        {
            Run("New-ApiKey -Account acme | Out-Null; $globex = New-ApiKey -Account globex");
            host.OnConfirm = () => true;

            Assert.Equal(2, session.Invoke("Get-ApiKey -Reveal -AsPlainText").Output.Count);
            Assert.Equal(1, host.Prompts);
            Assert.Equal(2, session.Invoke("Get-ApiKey -Reveal -AsPlainText -Force").Output.Count);
            Assert.Single(session.Invoke("Get-ApiKey -Account acme -Reveal").Output);
            Assert.Single(session.Invoke("Get-ApiKey -KeyId $globex.KeyId -Reveal").Output);
            Assert.Equal(1, host.Prompts);
            Assert.Equal(6, Viewed());
        }

        [Fact]
        public void WhatIf_on_a_reveal_of_several_keys_reveals_and_audits_nothing_even_with_Force()
        {
            Run("New-ApiKey -Account acme | Out-Null; New-ApiKey -Account globex | Out-Null");

            Assert.Empty(session.Invoke("Get-ApiKey -Reveal -WhatIf -Force").Output);
            Assert.Equal(0, host.Prompts);
            Assert.Equal(0, Viewed());
        }

        private int Viewed() => (int)session.Invoke("@(Get-ApiKeyAuditLog -Action Viewed).Count").Output.Single().BaseObject;

        public void Dispose() => session.Dispose();

        private void Run(string script, IDictionary parameters = null)
        {
            InvocationResult result = session.Invoke(script, parameters);
            Assert.False(result.HadErrors, result.ToString());
        }
    }
}
