using System;
using System.Text.RegularExpressions;
using Xunit;

namespace ApiKeyAdmin.Pwsh.Tests.Clients
{
    /// <summary>
    /// A rotation runbook as a scheduler starts it, <c>pwsh -NoProfile -NonInteractive -File</c> with nobody at the
    /// console: its exit code says what happened, and without consent it changes nothing.
    /// </summary>
    public sealed class RunbookTests : IDisposable
    {
        private readonly Scratch folder = new Scratch();
        private readonly string runbook;
        private readonly string firstKeyId;

        public RunbookTests()
        {
            // A script's param block comes first, then the prelude: errors stop it, the module and the folder's store.
            runbook = folder.Write("rotate.ps1", "param([Parameter(Mandatory)] [string] $Account, [switch] $Force)\n" +
                ModuleScript.Prelude(folder) + """
                try {
                    $new = Invoke-ApiKeyRotation -Account $Account -Force:$Force
                }
                catch {
                    # A runbook tells the errors it expects by their ErrorId, and the scheduler by the exit code.
                    if ($_.FullyQualifiedErrorId -like 'KeyNotFound,*') { exit 4 }
                    throw
                }
                "rotated $Account to $($new.KeyId)"
                """);
            firstKeyId = Run("(New-ApiKey -Account acme).KeyId").Output.Trim();
        }

        [Fact]
        public void Without_Force_the_rotation_fails_at_the_prompt_with_exit_code_1_and_nothing_changes()
        {
            PwshResult result = Pwsh.RunFile(folder, runbook, "-Account", "acme");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("NonInteractive", result.Error);
            // The error says how to give consent, not only that the prompt failed (pwsh wraps it under "| " margins).
            Assert.Contains("Give consent with -Force or -Confirm:$false.", Regex.Replace(result.Error, @"\s*\n\s*\|\s*", " "));
            Assert.Equal($"{firstKeyId} Active 0", Run("""
                $key = Get-ApiKey -Account acme -IncludeInactive
                "$($key.KeyId) $($key.Status) $(@(Get-ApiKeyAuditLog -Action Rotated).Count)"
                """).Output.Trim());
        }

        [Fact]
        public void With_Force_it_rotates_and_exits_0()
        {
            PwshResult result = Pwsh.RunFile(folder, runbook, "-Account", "acme", "-Force");

            Assert.True(result.ExitCode == 0 && result.Error.Length == 0, result.ToString());
            string newKeyId = Assert.Single(Regex.Matches(result.Output, @"rotated acme to (key_\w+)")).Groups[1].Value;
            Assert.NotEqual(firstKeyId, newKeyId);
            Assert.Equal("Deactivated", Run($"(Get-ApiKey -KeyId {firstKeyId}).Status").Output.Trim());
        }

        [Fact]
        public void An_ErrorId_the_runbook_expects_becomes_its_own_exit_code()
        {
            PwshResult result = Pwsh.RunFile(folder, runbook, "-Account", "nobody", "-Force");

            Assert.True(result.ExitCode == 4, result.ToString());
        }

        public void Dispose() => folder.Dispose();

        private PwshResult Run(string body)
        {
            PwshResult result = ModuleScript.Run(folder, body);
            Assert.True(result.ExitCode == 0 && result.Error.Length == 0, result.ToString());
            return result;
        }
    }
}
