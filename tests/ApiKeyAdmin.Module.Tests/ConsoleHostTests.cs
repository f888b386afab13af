using System;
using System.Collections;
using System.Linq;
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

        public void Dispose() => session.Dispose();

        private void Run(string script, IDictionary parameters = null)
        {
            InvocationResult result = session.Invoke(script, parameters);
            Assert.False(result.HadErrors, result.ToString());
        }
    }
}
