using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Pwsh.Tests.Views
{
    /// <summary>
    /// Every default table view, rendered once by <c>Format-Table | Out-String -Width</c> at 80 and 200 columns in one
    /// fresh pwsh over the sample store.
    /// </summary>
    public sealed class RenderedViews : IDisposable
    {
        /// <summary>The widths every view is rendered at: a classic console and a wide one.</summary>
        public static readonly int[] Widths = { 80, 200 };

        private const string Marker = "#####";
        private readonly Scratch folder = new Scratch();
        private readonly Dictionary<string, string> sections = new Dictionary<string, string>();

        /// <summary>The commands whose output shows each view: a type name and the script that writes it.</summary>
        public static readonly IReadOnlyDictionary<string, string> Commands = new Dictionary<string, string>
        {
            ["ApiKeyAdmin.ApiKey"] = "Get-ApiKey; Get-ApiKey -Account globex -Kind Developer",
            ["ApiKeyAdmin.AuditEntry"] = "Get-ApiKeyAuditLog",
            ["ApiKeyAdmin.CallRecord"] = "Get-ApiKeyCallLog",
            ["ApiKeyAdmin.CallVolume"] = "Measure-ApiKeyCallLog -Interval Hour",
            ["ApiKeyAdmin.RotationReminder"] = "Get-ApiKeyRotationReminder -All -AsOf ([DateTimeOffset]::UtcNow.AddDays(181))",
            ["ApiKeyAdmin.AdminRole"] = "Get-ApiKeyAdminRole",
            ["ApiKeyAdmin.VerificationResult"] = "$acme, $developer | Test-ApiKey",
            ["ApiKeyAdmin.AuditVerification"] = "Test-ApiKeyAuditLog",
            ["ApiKeyAdmin.StorePolicy"] = "Get-ApiKeyStorePolicy",
            ["ApiKeyAdmin.MigrationReportRow"] = "Get-ApiKeyMigrationReport",
            // The sample store is SQLite, which has no database logins: access rows as a PostgreSQL store returns them.
            ["ApiKeyAdmin.StoreAccessGrant"] = "[ApiKeyAdmin.StoreAccessGrant]::new('api_orders_eu_west_1_prod', 'Verify', [DateTimeOffset]::UtcNow, 'keyowner'), " +
                "[ApiKeyAdmin.StoreAccessGrant]::new('runbook_rotation', 'Administer', [DateTimeOffset]::UtcNow, 'keyowner')",
            // The view New-ApiKey -AsPlainText picks, over a stand-in secret of the real length: no real one is printed.
            ["ApiKeyAdmin.ApiKey#PlainTextSecret"] = "$real = New-ApiKey -Account initech -AsPlainText; $shown = [psobject]::new($real.WithSecret('aks_' + 'x' * 49)); " +
                "$shown.PSObject.TypeNames.Insert(0, $real.PSObject.TypeNames[0]); $shown",
        };

        /// <summary>Renders them all.</summary>
        public RenderedViews()
        {
            string body = ModuleScript.SampleStore + string.Concat(Commands.Select(c =>
                $"$objects = @({c.Value})\n" +
                $"'{Marker} {c.Key} types'\n($objects | ForEach-Object {{ $_.PSObject.TypeNames[0] }} | Sort-Object -Unique) -join ','\n" +
                string.Concat(Widths.Select(w => $"'{Marker} {c.Key} {w}'\n$objects | Format-Table | Out-String -Width {w}\n"))));
            PwshResult result = ModuleScript.Run(folder, body);
            Assert.True(result.ExitCode == 0 && result.Error.Length == 0, result.ToString());

            // Each section starts with a marker line naming it; its content is the non-empty lines up to the next.
            string current = null;
            foreach (string line in result.Output.Split('\n').Select(l => l.TrimEnd('\r')))
            {
                if (line.StartsWith(Marker + " ", StringComparison.Ordinal))
                    sections[current = line.Substring(Marker.Length + 1)] = "";
                else if (current != null && line.Trim().Length > 0)
                    sections[current] += line + "\n";
            }
        }

        /// <summary>The first type names (which pick the view) of the objects the command for <paramref name="typeName"/> wrote, comma-separated.</summary>
        public string TypesOf(string typeName) => sections[typeName + " types"].Trim();

        /// <summary>The non-empty lines of one view at one width.</summary>
        public string[] Lines(string typeName, int width) =>
            sections[$"{typeName} {width}"].Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>Removes the store.</summary>
        public void Dispose() => folder.Dispose();
    }
}
