using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Logs
{
    /// <summary>
    /// Export-ApiKeyCallLog and Export-ApiKeyAuditLog against what Get-ApiKeyCallLog | Export-Csv -UseQuotes AsNeeded
    /// writes in the same engine: the same bytes, and the same fields when Import-Csv reads either file.
    /// </summary>
    public abstract class LogExportCommandTests : IDisposable
    {
        private readonly LogSession s;

        protected LogExportCommandTests(StoreKind kind)
        {
            s = new LogSession(kind);
            // The engine's default session has only its core cmdlets; the tests need Export-Csv and Import-Csv.
            s.Ok("param($Utility) Import-Module -Assembly $Utility", new Hashtable { ["Utility"] = typeof(Microsoft.PowerShell.Commands.ExportCsvCommand).Assembly });
            // Newest first: acme GET /contacts/3 (Test-ApiKey, no status), garbage GET /contacts/2 (denied),
            // acme POST /a,"b" (201, 9.25 ms), acme GET /contacts/1 (200, 4.5 ms).
            s.Ok(@"
                $global:Acme = New-ApiKey -Account acme -AsPlainText
                Send-TestCall -Key $Acme.Secret -Method GET -Path /contacts/1 -StatusCode 200 -DurationMs 4.5
                Send-TestCall -Key $Acme.Secret -Method POST -Path '/a,""b""' -StatusCode 201 -DurationMs 9.25
                $null = Test-ApiKey -Key 'aks_not-a-key' -Method GET -Path /contacts/2
                $null = $Acme | Test-ApiKey -Method GET -Path /contacts/3");
        }

        public void Dispose() => s.Dispose();

        private string File(string name) => Path.Combine(s.Session.TempDirectory, name);

        [SkippableTheory]
        [InlineData("Get-ApiKeyCallLog", "Export-ApiKeyCallLog", "", "")]
        [InlineData("Get-ApiKeyCallLog", "Export-ApiKeyCallLog", "-Account acme -Method GET -First 1", "")]
        [InlineData("Get-ApiKeyCallLog", "Export-ApiKeyCallLog", "-Outcome Allowed", "de-DE")]
        [InlineData("Get-ApiKeyAuditLog", "Export-ApiKeyAuditLog", "", "")]
        [InlineData("Get-ApiKeyAuditLog", "Export-ApiKeyAuditLog", "-Action Viewed, Created -First 1", "de-DE")]
        public void Csv_is_what_Export_Csv_writes_field_for_field(string get, string export, string filter, string culture)
        {
            string mine = File("mine.csv");
            string theirs = File("theirs.csv");
            s.Ok($@"
                param($Mine, $Theirs, $Culture)
                if ($Culture) {{ [cultureinfo]::CurrentCulture = $Culture }}
                {export} -Path $Mine {filter}
                {get} {filter} | Export-Csv -Path $Theirs -UseQuotes AsNeeded",
                new Hashtable { ["Mine"] = mine, ["Theirs"] = theirs, ["Culture"] = culture });

            InvocationResult read = s.Ok("param($Mine, $Theirs) ,@(Import-Csv $Mine); ,@(Import-Csv $Theirs)", new Hashtable { ["Mine"] = mine, ["Theirs"] = theirs });
            object[] myRows = (object[])read.Output[0].BaseObject;
            object[] theirRows = (object[])read.Output[1].BaseObject;
            Assert.NotEmpty(theirRows);
            Assert.Equal(theirRows.Length, myRows.Length);
            for (int i = 0; i < theirRows.Length; i++)
            {
                var my = (PSObject)myRows[i];
                var their = (PSObject)theirRows[i];
                Assert.Equal(their.Properties.Select(p => p.Name), my.Properties.Select(p => p.Name));
                foreach (PSPropertyInfo field in their.Properties)
                {
                    Assert.Equal(field.Value, my.Properties[field.Name].Value);
                }
            }

            byte[] bytes = System.IO.File.ReadAllBytes(mine);
            Assert.Equal(System.IO.File.ReadAllBytes(theirs), bytes);
            Assert.NotEqual(0xEF, bytes[0]);
        }

        [SkippableFact]
        public void Json_Lines_hold_the_call_log_properties_with_enum_names_and_UTC_times_newest_first()
        {
            string file = File("calls.jsonl");
            InvocationResult result = s.Ok(@"
                param($File)
                Export-ApiKeyCallLog -Path $File -Format JsonLines
                Get-ApiKeyCallLog", new Hashtable { ["File"] = file });

            string[] lines = System.IO.File.ReadAllText(file).Split('\n');
            Assert.Equal(string.Empty, lines[lines.Length - 1]);
            Assert.Equal(result.Output.Count, lines.Length - 1);
            for (int i = 0; i < result.Output.Count; i++)
            {
                var json = System.Text.Json.JsonDocument.Parse(lines[i]).RootElement;
                PSObject call = result.Output[i];
                Assert.Equal(call.Properties.Select(p => p.Name), json.EnumerateObject().Select(p => p.Name));
                string time = json.GetProperty("Timestamp").GetString();
                Assert.EndsWith("Z", time);
                Assert.Equal((DateTimeOffset)LogSession.Prop(call, "Timestamp"), DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(LogSession.Prop(call, "Outcome").ToString(), json.GetProperty("Outcome").GetString());
                Assert.Equal(LogSession.Prop(call, "Path"), json.GetProperty("Path").GetString());
            }

            var first = System.Text.Json.JsonDocument.Parse(lines[0]).RootElement;
            Assert.Equal("/contacts/3", first.GetProperty("Path").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("StatusCode").ValueKind);
            Assert.Equal("Standard", first.GetProperty("Kind").GetString());
            Assert.Equal(4.5, System.Text.Json.JsonDocument.Parse(lines[3]).RootElement.GetProperty("DurationMs").GetDouble());
        }

        [SkippableFact]
        public void Json_Lines_escape_control_characters_so_each_line_is_one_record()
        {
            string file = File("audit.jsonl");
            s.Ok("param($File) $null = Test-ApiKey -Key 'aks_x' -Method GET -Path \"/a`e[31m`nb\"; Export-ApiKeyCallLog -Path $File -Format JsonLines -First 1",
                new Hashtable { ["File"] = file });

            string text = System.IO.File.ReadAllText(file);
            Assert.DoesNotContain(text.TrimEnd('\n'), c => char.IsControl(c));
            // The call row keeps the ESC and the line feed visibly escaped (the core's one text rule); the line holds
            // that text, which JSON reads back as it is.
            using (var line = System.Text.Json.JsonDocument.Parse(text.TrimEnd('\n')))
            {
                Assert.Equal("/a\\u001B[31m\\u000Ab", line.RootElement.GetProperty("Path").GetString());
            }
        }

        [SkippableFact]
        public void No_secret_reaches_either_export()
        {
            string csv = File("calls.csv");
            string audit = File("audit.jsonl");
            InvocationResult secret = s.Ok(@"
                param($Csv, $Audit)
                $null = Get-ApiKey -Account acme -Reveal
                Export-ApiKeyCallLog -Path $Csv
                Export-ApiKeyAuditLog -Path $Audit -Format JsonLines
                $Acme.Secret", new Hashtable { ["Csv"] = csv, ["Audit"] = audit });

            string key = (string)secret.Output.Single().BaseObject;
            Assert.DoesNotContain(key, System.IO.File.ReadAllText(csv), StringComparison.Ordinal);
            Assert.DoesNotContain(key, System.IO.File.ReadAllText(audit), StringComparison.Ordinal);
            Assert.Contains("\"Action\":\"Viewed\"", System.IO.File.ReadAllText(audit), StringComparison.Ordinal);
        }

        [SkippableFact]
        public void PassThru_says_what_was_written_and_nothing_is_written_without_it_or_with_WhatIf()
        {
            string file = File("calls.csv");
            var p = new Hashtable { ["File"] = file };

            Assert.Empty(s.Ok("param($File) Export-ApiKeyCallLog -Path $File", p).Output);
            PSObject done = Assert.Single(s.Ok("param($File) Export-ApiKeyAuditLog -Path $File -PassThru", p).Output);
            Assert.Equal(file, LogSession.Prop(done, "Path"));
            Assert.Equal("Csv", LogSession.Prop(done, "Format").ToString());
            Assert.Equal(3L, LogSession.Prop(done, "Rows"));

            string whatIf = File("whatif.csv");
            Assert.Empty(s.Ok("param($File) Export-ApiKeyCallLog -Path $File -WhatIf", new Hashtable { ["File"] = whatIf }).Output);
            Assert.False(System.IO.File.Exists(whatIf));
        }

        [SkippableFact]
        public void Append_adds_rows_under_the_one_header_and_refuses_a_file_of_other_columns()
        {
            string file = File("calls.csv");
            var p = new Hashtable { ["File"] = file };
            s.Ok("param($File) Export-ApiKeyCallLog -Path $File -First 1; Export-ApiKeyCallLog -Path $File -Append -NoClobber -First 2", p);

            Assert.Equal(3, s.Ok("param($File) @(Import-Csv $File).Count", p).Output.Single().BaseObject);
            Assert.Single(System.IO.File.ReadAllLines(file), l => l.StartsWith("Timestamp,", StringComparison.Ordinal));

            ErrorRecord mismatch = s.Fails("param($File) Export-ApiKeyAuditLog -Path $File -Append", p);
            LogSession.AssertError(mismatch, "CannotAppendCsvWithMismatchedPropertyNames", ErrorCategory.InvalidData);
            Assert.Equal(file, mismatch.TargetObject);
            Assert.Equal(4, System.IO.File.ReadAllLines(file).Length);
        }

        [SkippableFact]
        public void NoClobber_keeps_an_existing_file_and_an_unwritable_path_is_FileOpenFailure()
        {
            string file = File("kept.csv");
            System.IO.File.WriteAllText(file, "kept");
            string nowhere = Path.Combine(s.Session.TempDirectory, "no-such-folder", "calls.csv");

            ErrorRecord clobber = s.Fails("param($File) Export-ApiKeyCallLog -Path $File -NoClobber", new Hashtable { ["File"] = file });
            ErrorRecord open = s.Fails("param($File) Export-ApiKeyAuditLog -Path $File", new Hashtable { ["File"] = nowhere });

            LogSession.AssertError(clobber, "NoClobber", ErrorCategory.ResourceExists);
            Assert.Equal(file, clobber.TargetObject);
            Assert.Equal("kept", System.IO.File.ReadAllText(file));
            LogSession.AssertError(open, "FileOpenFailure", ErrorCategory.OpenError);
            Assert.Equal(nowhere, open.TargetObject);
        }

        [SkippableFact]
        public void A_reversed_time_range_stops_the_export_before_a_file_is_made()
        {
            string file = File("calls.csv");
            ErrorRecord reversed = s.Fails(
                "param($File) Export-ApiKeyCallLog -Path $File -Since ([DateTimeOffset]::UtcNow) -Until ([DateTimeOffset]::UtcNow.AddDays(-1))",
                new Hashtable { ["File"] = file });

            LogSession.AssertError(reversed, "InvalidTimeRange", ErrorCategory.InvalidArgument);
            Assert.False(System.IO.File.Exists(file));
        }
    }

    public sealed class SqliteLogExportCommandTests : LogExportCommandTests
    {
        public SqliteLogExportCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlLogExportCommandTests : LogExportCommandTests
    {
        public PostgreSqlLogExportCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
