using System;
using System.IO;
using Xunit;

namespace ApiKeyAdmin.Pwsh.Tests.Clients
{
    /// <summary>A session recorded with Start-Transcript holds what was done, and never a secret.</summary>
    public sealed class TranscriptTests : IDisposable
    {
        private readonly Scratch folder = new Scratch();

        [Fact]
        public void A_transcript_of_a_whole_session_holds_no_secret()
        {
            string transcript = folder.File("transcript.txt");
            string secrets = folder.File("secrets.txt");

            // What an administrator does in a day, verbose and with one error, under a transcript. The secrets the
            // session held go to a file of their own, past the host, for the test to look for.
            PwshResult result = ModuleScript.Run(folder, ModuleScript.SampleStore + $$"""
                Start-Transcript -Path {{ModuleScript.Quote(transcript)}}
                New-ApiKey -Account initech -Description 'billing export'
                Get-ApiKey -Account 'acme corporation' -Reveal -Force
                Get-ApiKey -Account 'acme corporation' -Reveal -Force | Format-List -Property *
                $acme, $developer | Test-ApiKey -Method GET -Path /crm/v3/objects/contacts -Verbose
                Invoke-ApiKeyRotation -Account globex -Kind Developer -Force -Verbose
                Disable-ApiKey -KeyId key_missing -Force -ErrorAction Continue
                Test-ApiKey -Key $developer.Secret
                Get-ApiKeyAuditLog | Format-List
                Get-ApiKeyCallLog | Format-List
                Stop-Transcript
                $initech = Get-ApiKey -Account initech -Reveal -AsPlainText
                $rotated = Get-ApiKey -Account globex -Kind Developer -Reveal -AsPlainText
                Set-Content -Path {{ModuleScript.Quote(secrets)}} -Value $acme.Secret, $developer.Secret, $initech.Secret, $rotated.Secret
                """);

            Assert.True(result.ExitCode == 0, result.ToString());
            string text = File.ReadAllText(transcript);
            // It recorded the session: the new key, the revealed one as a SecureString, verbose lines, the rotation.
            Assert.Contains("initech", text);
            Assert.Contains("System.Security.SecureString", text);
            Assert.Contains("VERBOSE:", text);
            Assert.Contains("Deactivated", text);
            Assert.Contains("key_missing", text);
            foreach (string secret in File.ReadAllLines(secrets))
            {
                Assert.Matches(@"^ak[sdt]_[0-9A-Za-z]{49}$", secret);
                Assert.DoesNotContain(secret, text);
                Assert.DoesNotContain(secret, result.Output + result.Error);
            }
            Assert.DoesNotMatch(@"ak[sdt]_[0-9A-Za-z]{49}", text);
        }

        public void Dispose() => folder.Dispose();
    }
}
