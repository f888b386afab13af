using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ApiKeyAdmin.Pwsh.Tests.Examples
{
    /// <summary>The scripts in docs/examples as users run them: files started by pwsh, parameters as command-line text.</summary>
    public sealed class ExampleScriptTests : IDisposable
    {
        private static readonly string Examples = Path.Combine(Repo.Root, "docs", "examples");
        private readonly Scratch folder = new Scratch();

        [Fact]
        public void Demo_runs_as_the_README_starts_it_and_prints_every_step_as_tables_and_no_secret()
        {
            string keyFolder = Path.Combine(folder.Path, "config", "ApiKeyAdmin", "keys");

            // The README's first command: pwsh -NoProfile -File docs/examples/demo.ps1, from the repository root.
            PwshResult result = Pwsh.Run(folder, "-NoProfile", "-File", Path.Combine(Examples, "demo.ps1"));

            Assert.True(result.ExitCode == 0 && result.Error.Length == 0, result.ToString());
            ILookup<int, string> steps = Steps(result.Output);
            Assert.Equal(Enumerable.Range(1, 7), steps.Select(s => s.Key));
            // Test-ApiKey's answers: the call, the old key within its grace, the new key after deactivation.
            Assert.Equal(new[] { "Valid", "Valid", "Deactivated" }, new[] { 3, 4, 5 }.Select(n => Assert.Single(Column(steps[n], "IsValid", "Reason"))));
            // At the console's 80 columns the Expiring key's grace end is whole, not cut.
            Assert.Single(steps[4], l => Regex.IsMatch(l, @" Expiring .* \d{4}-\d{2}-\d{2} \d{2}:\d{2}$"));
            Assert.Single(steps[6], l => Regex.IsMatch(l, @"^True +\d+ +All \d+ rows verify\.$"));
            Assert.Equal(3, steps[7].Count(l => Regex.IsMatch(l, @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} acme ")));
            // Redirected, as here, it reads as at a console: tables only, no "Name : value" lists after the first table.
            Assert.DoesNotMatch(@"(?m)^\w+ +: ", result.Output);
            Assert.DoesNotMatch(@"ak[sdt]_[0-9A-Za-z]{49}", result.Output);
            Assert.DoesNotContain("aks_…", result.Output);
            // The throw-away store's key file goes with it.
            Assert.True(!Directory.Exists(keyFolder) || Directory.GetFiles(keyFolder).Length == 0, string.Join(", ", Directory.GetFiles(keyFolder)));
        }

        [Fact]
        public void Rotation_reminders_lists_the_mail_it_would_send_for_a_day_far_ahead()
        {
            Assert.Equal(0, ModuleScript.Run(folder, "New-ApiKey -Account acme | Out-Null; Grant-ApiKeyAdminRole -User bob -Email bob@example.com").ExitCode);
            string asOf = DateTimeOffset.UtcNow.AddDays(181).ToString("yyyy-MM-ddTHH:mm:ssZ");

            // -WhatIf: the runbook names each mail and sends none, so no SMTP server is needed (nor a vault: -CredentialSecret '').
            PwshResult result = Pwsh.RunFile(folder, Path.Combine(Examples, "rotation-reminders.ps1"),
                "-Module", Repo.ManifestPath, "-StorePath", folder.StorePath, "-SmtpServer", "smtp.invalid", "-From", "api-keys@example.com",
                "-CredentialSecret", "", "-AsOf", asOf, "-Window", "2.00:00:00", "-WhatIf");

            Assert.True(result.ExitCode == 0 && result.Error.Length == 0, result.ToString());
            Assert.Contains("bob <bob@example.com>", result.Output);
            Assert.Contains("acme", result.Output);
            // The store's creator has no address: named in a warning, not mailed.
            Assert.Matches(@"WARNING: .*\broot\b", result.Output);
        }

        [Fact]
        public void Migration_runbook_announces_the_sunset_and_reports_the_account_step_by_step()
        {
            Assert.Equal(0, ModuleScript.Run(folder, "$k = New-ApiKey -Account acme; $k | Test-ApiKey | Out-Null").ExitCode);
            string runbook = Path.Combine(Examples, "migrate-to-app-tokens.ps1");
            string[] common = { "-Module", Repo.ManifestPath, "-StorePath", folder.StorePath };

            PwshResult announce = Pwsh.RunFile(folder, runbook, new[] { "-Step", "Announce", "-NewKeysUntil", "2020-01-01T00:00:00Z",
                "-SunsetAt", "2099-01-01T00:00:00Z", "-Confirm:$false" }.Concat(common).ToArray());
            PwshResult report = Pwsh.RunFile(folder, runbook, new[] { "-Step", "Report" }.Concat(common).ToArray());

            Assert.True(announce.ExitCode == 0 && announce.Error.Length == 0, announce.ToString());
            Assert.True(report.ExitCode == 0 && report.Error.Length == 0, report.ToString());
            Assert.Matches(@"(?m)^acme +False ", report.Output);
        }

        public void Dispose() => folder.Dispose();

        /// <summary>The demo's output lines, trimmed at the end, under the number of the step that printed them.</summary>
        private static ILookup<int, string> Steps(string output)
        {
            int step = 0;
            return output.Split('\n').Select(l => l.TrimEnd())
                .Select(l => (step = Regex.IsMatch(l, @"^\d\. ") ? l[0] - '0' : step, l))
                .Where(p => p.Item1 > 0)
                .ToLookup(p => p.Item1, p => p.l);
        }

        /// <summary>The values in the column <paramref name="name"/> of the tables among <paramref name="lines"/> whose first column is <paramref name="first"/>.</summary>
        private static string[] Column(IEnumerable<string> lines, string first, string name)
        {
            var values = new List<string>();
            int at = -1;
            foreach (string line in lines)
            {
                if (line.StartsWith(first + " ", StringComparison.Ordinal))
                {
                    at = line.IndexOf(" " + name + " ", StringComparison.Ordinal) + 1;
                }
                else if (at > 0 && line.StartsWith("-", StringComparison.Ordinal))
                {
                    // The header's underline.
                }
                else if (at > 0 && line.Length > at)
                {
                    values.Add(line.Substring(at).Split(' ')[0]);
                }
                else
                {
                    at = -1;
                }
            }

            return values.ToArray();
        }
    }
}
