using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>
    /// Consent given on the command line means no prompt; without it, rotation asks the host first, naming every key it
    /// stops and when, and a piped key that cannot rotate is skipped unasked. (The default views are tested in a real
    /// pwsh, in ApiKeyAdmin.Pwsh.Tests.)
    /// </summary>
    public sealed class ConsoleHostTests : IDisposable
    {
        // The README writes the grace as (New-TimeSpan -Days 2); the bare engine has no New-TimeSpan.
        private const string ReadmeLine = "Get-ApiKey -Account acme | Invoke-ApiKeyRotation -GracePeriod ([TimeSpan]::FromDays(2)) -Verbose";

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
        public void The_README_rotation_run_again_within_the_grace_period_asks_once_and_skips_the_Expiring_key()
        {
            host.OnConfirm = () => true;
            Run("New-ApiKey -Account acme | Out-Null");
            Run(ReadmeLine + " | Out-Null");
            string expiring = Single("(Get-ApiKey -Account acme | Where-Object Status -eq Expiring).KeyId");
            int promptsBefore = host.Prompts;

            InvocationResult again = session.Invoke(ReadmeLine);

            Assert.False(again.HadErrors, again.ToString());
            Assert.Equal(promptsBefore + 1, host.Prompts);
            Assert.Single(again.Output);
            Assert.Contains(again.Verbose, v => v.Message.Contains($"Skipped {expiring}") && v.Message.Contains("Deactivated"));
            Assert.Equal("1 1", Single("$k = Get-ApiKey -Account acme; \"$(@($k | Where-Object Status -eq Active).Count) $(@($k | Where-Object Status -eq Expiring).Count)\""));
        }

        [Fact]
        public void The_prompt_names_the_Expiring_key_that_stops_and_the_grace_as_a_duration_with_its_end()
        {
            Run("New-ApiKey -Account acme | Out-Null; Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(1)) -Force | Out-Null");
            string expiring = Single("(Get-ApiKey -Account acme | Where-Object Status -eq Expiring).KeyId");

            session.Invoke("Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromHours(51))");

            string prompt = Assert.Single(host.PromptTexts);
            Assert.Contains($", and the Expiring Standard API key {expiring} (aks_", prompt);
            Assert.Contains($"the Expiring key {expiring} stops working at once", prompt);
            Assert.Matches(@"keeps working for 2 days 3 hours, until \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z", prompt);
            Assert.DoesNotContain("2.03:00:00", prompt);
        }

        [Fact]
        public void WhatIf_names_the_same_keys_and_grace_and_changes_nothing()
        {
            Run("New-ApiKey -Account acme | Out-Null; Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(1)) -Force | Out-Null");
            string expiring = Single("(Get-ApiKey -Account acme | Where-Object Status -eq Expiring).KeyId");

            Run("Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(2)) -WhatIf");

            string whatIf = Assert.Single(host.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal));
            Assert.Contains($"the Expiring key {expiring} stops working at once", whatIf);
            Assert.Matches(@"2 days, until \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z", whatIf);
            Assert.Equal(0, host.Prompts);
            Assert.Equal("2", Single("@(Get-ApiKey -Account acme).Count"));
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

        private string Single(string script) => Assert.Single(session.Invoke(script).Output).ToString();
    }
}
