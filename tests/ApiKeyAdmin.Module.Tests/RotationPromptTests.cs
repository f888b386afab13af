using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>
    /// Rotation as the README runs it at a console: keys piped from Get-ApiKey, a prompt per key that can rotate, and
    /// prompts and -WhatIf that name every key the rotation stops and when.
    /// </summary>
    public sealed class RotationPromptTests : IDisposable
    {
        // The README writes the grace as (New-TimeSpan -Days 2); the bare engine has no New-TimeSpan.
        private const string ReadmeLine = "Get-ApiKey -Account acme | Invoke-ApiKeyRotation -GracePeriod ([TimeSpan]::FromDays(2)) -Verbose";

        private readonly CapturingHost host = new CapturingHost();
        private readonly ModuleSession session;

        public RotationPromptTests()
        {
            session = new ModuleSession(host);
            Run("param($Path) $PSDefaultParameterValues['*-ApiKey*:StorePath'] = $Path", new Hashtable { ["Path"] = session.StorePath });
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

        public void Dispose() => session.Dispose();

        private void Run(string script, IDictionary parameters = null)
        {
            InvocationResult result = session.Invoke(script, parameters);
            Assert.False(result.HadErrors, result.ToString());
        }

        private string Single(string script) => Assert.Single(session.Invoke(script).Output).ToString();
    }
}
