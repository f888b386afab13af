using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;
using Xunit.Abstractions;

namespace ApiKeyAdmin.Module.Tests.Reliability
{
    /// <summary>
    /// What a hostile API caller, a careless runbook or someone with the database file can throw at the cmdlets: hostile
    /// keys through Test-ApiKey, hostile names, descriptions and call details, broken stores and edited rows.
    /// </summary>
    public class HostileCommandTests : CommandTestBase
    {
        private const int Sample = 200;

        private readonly ITestOutputHelper output;

        public HostileCommandTests(ITestOutputHelper output)
        {
            this.output = output;
            SessionSql.Define(Session);
        }

        [Fact]
        public void Test_ApiKey_answers_hostile_strings_Malformed_without_an_error_and_records_each_call()
        {
            string secret = (string)Ok("(New-ApiKey -Account acme -AsPlainText).Secret").Output.Single().BaseObject;
            int seed = Environment.TickCount;
            output.WriteLine($"seed {seed}");
            object[] hostile = HostileStrings.Specials(secret).Concat(HostileStrings.Mutations(secret, Sample, seed)).Take(Sample).Cast<object>().ToArray();

            var watch = Stopwatch.StartNew();
            InvocationResult piped = Ok("param($Keys) $Keys | Test-ApiKey -Method POST -Path /hostile", new Hashtable { ["Keys"] = hostile });
            InvocationResult one = Ok("param($Keys) foreach ($k in $Keys) { Test-ApiKey -Key $k }", new Hashtable { ["Keys"] = hostile.Take(20).ToArray() });
            InvocationResult secure = Ok("param($Keys) foreach ($k in $Keys) { Test-ApiKey -Key ([System.Net.NetworkCredential]::new('', [string]$k).SecurePassword) }",
                new Hashtable { ["Keys"] = hostile.Where(h => h != null && ((string)h).Length > 0 && ((string)h).Length < 1000).Take(20).ToArray() });
            output.WriteLine($"{Sample + 40} hostile strings through Test-ApiKey in {watch.Elapsed.TotalSeconds:0.0} s");

            foreach (PSObject result in piped.Output.Concat(one.Output).Concat(secure.Output))
            {
                Assert.True(Equals(false, Prop(result, "IsValid")) && Prop(result, "Reason").ToString() == "Malformed" && (string)Prop(result, "KeyId") == string.Empty,
                    $"a hostile string was answered {Prop(result, "Reason")}");
            }

            Assert.Equal(Sample, piped.Output.Count);
            Assert.Equal(20, one.Output.Count);
            Assert.Equal(20, secure.Output.Count);
            Assert.Equal(true, Prop(Assert.Single(Ok("param($K) Test-ApiKey -Key $K", new Hashtable { ["K"] = secret }).Output), "IsValid"));
            Assert.Equal(Sample, Ok("Get-ApiKeyCallLog -Outcome Denied -Path /hostile").Output.Count);
        }

        [Theory]
        [InlineData("{0}\0")]
        [InlineData("{0}\0anything")]
        [InlineData("{0}\0\0\0")]
        public void A_real_key_followed_by_a_NUL_is_Malformed_as_a_string_and_as_a_SecureString(string pattern)
        {
            string secret = (string)Ok("(New-ApiKey -Account acme -AsPlainText).Secret").Output.Single().BaseObject;
            var presented = new Hashtable { ["K"] = string.Format(pattern, secret) };

            PSObject plain = Assert.Single(Ok("param($K) Test-ApiKey -Key $K", presented).Output);
            PSObject secure = Assert.Single(Ok("param($K) Test-ApiKey -Key ([System.Net.NetworkCredential]::new('', $K).SecurePassword)", presented).Output);

            Assert.Equal("Malformed", Prop(plain, "Reason").ToString());
            Assert.Equal("Malformed", Prop(secure, "Reason").ToString());
        }

        [Theory]
        [InlineData("O'Brien's \"main\" key `prod`")]
        [InlineData("x'); DROP TABLE keys; --")]
        [InlineData("100% of *all* [keys] _here_ ?")]
        [InlineData("$(Remove-Item -Recurse /) ${env:PATH} @{a=1}")]
        [InlineData("=HYPERLINK(\"http://example.test\",\"click\")")]
        [InlineData("חשבון ראשי — الحساب 🔑")]
        public void Names_and_descriptions_that_look_like_code_or_wildcards_are_stored_and_listed_literally(string text)
        {
            Ok("New-ApiKey -Account acme -Description plain; New-ApiKey -Account '*'");

            Ok("param($T) New-ApiKey -Account $T -Description $T; Invoke-ApiKeyRotation -Account $T -Force", new Hashtable { ["T"] = text });

            // Reading commands take wildcards in -Account, so a name is reached exactly with its wildcard characters escaped.
            PSObject key = Assert.Single(Ok("param($T) Get-ApiKey -Account ([WildcardPattern]::Escape($T))", new Hashtable { ["T"] = text }).Output);
            Assert.Equal(text, Prop(key, "Account"));
            Assert.Equal(text, Prop(key, "Description"));
            Assert.Equal(3, Ok("Get-ApiKey").Output.Count);
            Assert.Equal("*", Prop(Assert.Single(Ok("Get-ApiKey -Account '`*'").Output), "Account"));
            Assert.Equal(new[] { "Rotated", "Created" }, Actions(Ok("param($T) Get-ApiKeyAuditLog -Account ([WildcardPattern]::Escape($T))", new Hashtable { ["T"] = text })));
            Assert.Equal(true, Prop(Assert.Single(Ok("Test-ApiKeyAuditLog").Output), "IsValid"));

            // Every property of what the listing writes is a scalar, so an export has a column each and nothing nested.
            foreach (PSObject item in Ok("Get-ApiKey -IncludeInactive; Get-ApiKeyAuditLog; Get-ApiKeyAdminRole").Output)
            {
                foreach (PSPropertyInfo property in item.Properties)
                {
                    object value = property.Value;
                    Assert.True(value == null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is DateTimeOffset,
                        $"{item.BaseObject.GetType().Name}.{property.Name} is a {value?.GetType().Name}");
                }
            }
        }

        [Theory]
        [InlineData(10_000, null, "InvalidDescription")]
        [InlineData(1025, null, "InvalidDescription")]
        [InlineData(0, "line one\nline two", "InvalidDescription")]
        [InlineData(0, "billing\u200F", "InvalidDescription")]
        [InlineData(0, "a\u001b[31mred", "InvalidDescription")]
        public void Descriptions_too_long_or_hiding_characters_are_refused_and_create_nothing(int length, string text, string errorId)
        {
            Ok("New-ApiKey -Account acme");
            string description = text ?? new string('d', length);

            ErrorRecord error = Fails("param($D) New-ApiKey -Account beta -Description $D", new Hashtable { ["D"] = description });

            AssertError(error, errorId, ErrorCategory.InvalidArgument, null);
            Assert.Single(Ok("Get-ApiKey").Output);
            Assert.Equal(3, Ok("Get-ApiKeyAuditLog").Output.Count);
        }

        [Theory]
        [InlineData(10_000, null)]
        [InlineData(0, "acme\u200F")]
        [InlineData(0, "\u2067acme\u2069")]
        [InlineData(0, "ac\0me")]
        public void Account_names_too_long_or_hiding_characters_are_InvalidAccountName_for_every_command(int length, string text)
        {
            Ok("New-ApiKey -Account acme");
            string account = text ?? new string('a', length);
            var name = new Hashtable { ["A"] = account };

            foreach (string command in new[] { "New-ApiKey -Account $A", "Get-ApiKey -Account $A", "Invoke-ApiKeyRotation -Account $A -Force", "Disable-ApiKey -Account $A -Force" })
            {
                ErrorRecord error = Fails("param($A) " + command, name);
                AssertError(error, "InvalidAccountName", ErrorCategory.InvalidArgument, account);
            }

            Assert.Single(Ok("Get-ApiKey").Output);
        }

        [Fact]
        public void Call_details_of_any_content_are_recorded_escaped_and_capped_and_the_call_log_still_reads()
        {
            string secret = (string)Ok("(New-ApiKey -Account acme -AsPlainText).Secret").Output.Single().BaseObject;
            string[] details = { "GET\0POST", new string('/', 10_000), "'; DROP TABLE calls; --", "\u202Eevil", "203.0.113.7\r\nX-Forwarded-For: 10.0.0.1", "*?[]" };

            foreach (string detail in details)
            {
                Ok("param($K, $D) $null = Test-ApiKey -Key $K -Method $D -Path $D -ClientAddress $D", new Hashtable { ["K"] = secret, ["D"] = detail });
            }

            PSObject[] calls = Ok("Get-ApiKeyCallLog").Output.ToArray();
            Assert.Equal(details.Length, calls.Length);
            // Control characters are escaped and the path is capped at 2,048 characters, visibly; everything else is kept literally.
            string[] stored = { "GET\\u0000POST", new string('/', 2048 - "…[cut]".Length) + "…[cut]", "'; DROP TABLE calls; --", "\u202Eevil", "203.0.113.7\\u000D\\u000AX-Forwarded-For: 10.0.0.1", "*?[]" };
            Assert.Equal(stored.OrderBy(d => d, StringComparer.Ordinal), calls.Select(c => (string)Prop(c, "Path")).OrderBy(d => d, StringComparer.Ordinal));
            Assert.All(calls, c => Assert.Equal("Allowed", Prop(c, "Outcome").ToString()));
            Assert.Equal(true, Prop(Assert.Single(Ok("Test-ApiKeyAuditLog").Output), "IsValid"));
        }

        [Fact]
        public void A_store_path_with_spaces_brackets_quotes_and_accents_is_taken_literally()
        {
            string path = Path.Combine(Session.TempDirectory, "keys [prod] 'x' ü", "api*keys?.db");
            if (OperatingSystem.IsWindows())
            {
                path = Path.Combine(Session.TempDirectory, "keys [prod] 'x' ü", "apikeys.db");
            }

            Ok("param($P) $null = New-ApiKey -Account acme -StorePath $P; $null = Invoke-ApiKeyRotation -Account acme -StorePath $P -Force", new Hashtable { ["P"] = path });

            Assert.True(File.Exists(path));
            Assert.Equal("acme", Prop(Assert.Single(Ok("param($P) Get-ApiKey -StorePath $P", new Hashtable { ["P"] = path }).Output), "Account"));
            Assert.False(File.Exists(Session.StorePath));
        }

        [Fact]
        public void A_store_cut_in_half_is_InvalidStore_for_every_command_and_is_left_as_it_was()
        {
            Ok("New-ApiKey -Account acme; 1..20 | ForEach-Object { New-ApiKey -Account \"account-$_\" -Description ('d' * 500) }");
            Ok("[Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools()");
            byte[] whole = File.ReadAllBytes(Session.StorePath);
            string cut = Path.Combine(Session.TempDirectory, "cut.db");
            File.WriteAllBytes(cut, whole.Take(whole.Length / 2).ToArray());
            byte[] before = File.ReadAllBytes(cut);

            foreach (string command in new[]
            {
                "Get-ApiKey", "New-ApiKey -Account beta", "Invoke-ApiKeyRotation -Account acme -Force", "Get-ApiKeyAuditLog", "Test-ApiKeyAuditLog",
                "Get-ApiKeyAdminRole", "Test-ApiKey -Key aks_0000000000000000000000000000000000000000000000000",
            })
            {
                ErrorRecord error = Fails("param($P) " + command + " -StorePath $P", new Hashtable { ["P"] = cut });
                AssertError(error, "InvalidStore", ErrorCategory.InvalidData, cut);
            }

            Ok("[Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools()");
            Assert.Equal(before, File.ReadAllBytes(cut));
        }

        [Fact]
        public void A_store_from_a_newer_module_is_StoreVersionTooNew_and_is_left_as_it_was()
        {
            Ok("New-ApiKey -Account acme; [Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools()");
            SessionSql.Run(Session, Session.StorePath, "PRAGMA user_version = 99");
            byte[] before = File.ReadAllBytes(Session.StorePath);

            foreach (string command in new[] { "Get-ApiKey", "New-ApiKey -Account beta", "Invoke-ApiKeyRotation -Account acme -Force", "Test-ApiKeyAuditLog" })
            {
                AssertError(Fails(command), "StoreVersionTooNew", ErrorCategory.InvalidData, Session.StorePath);
            }

            Ok("[Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools()");
            Assert.Equal(before, File.ReadAllBytes(Session.StorePath));
        }

        [Theory]
        [InlineData("UPDATE audit SET detail = 'nothing to see' WHERE seq = 3", 3)]
        [InlineData("DELETE FROM audit WHERE seq = 4", 4)]
        [InlineData("UPDATE audit SET seq = -seq WHERE seq IN (3, 4); UPDATE audit SET seq = 7 + seq WHERE seq IN (-3, -4)", 3)]
        [InlineData("DELETE FROM audit WHERE seq >= 5", 5)]
        [InlineData("DELETE FROM audit_head", 6)]
        public void Test_ApiKeyAuditLog_reports_rows_edited_deleted_or_reordered_with_plain_SQL(string sql, long firstInvalid)
        {
            // Rows 1-5: StoreCreated, RoleGranted, Created acme, Created beta, Rotated acme.
            Ok("New-ApiKey -Account acme; New-ApiKey -Account beta; Invoke-ApiKeyRotation -Account acme -Force");
            Assert.Equal(true, Prop(Assert.Single(Ok("Test-ApiKeyAuditLog").Output), "IsValid"));

            SessionSql.Run(Session, Session.StorePath, sql);

            PSObject result = Assert.Single(Ok("Test-ApiKeyAuditLog").Output);
            Assert.Equal(false, Prop(result, "IsValid"));
            Assert.Equal(firstInvalid, Prop(result, "FirstInvalidSequence"));
            Assert.False(string.IsNullOrEmpty((string)Prop(result, "Reason")));
        }

        [Fact]
        public void A_deactivated_key_reactivated_with_plain_SQL_is_Unknown_to_Test_ApiKey_and_refused_by_rotation()
        {
            InvocationResult made = Ok("$k = New-ApiKey -Account acme -AsPlainText; $k.Secret; $k.KeyId; Disable-ApiKey -Account acme -Force");
            string secret = (string)made.Output[0].BaseObject;
            string keyId = (string)made.Output[1].BaseObject;
            Assert.Equal("Deactivated", Prop(Assert.Single(Ok("param($K) Test-ApiKey -Key $K", new Hashtable { ["K"] = secret }).Output), "Reason").ToString());

            SessionSql.Run(Session, Session.StorePath, $"UPDATE keys SET status = 0, deactivated_at = NULL, deactivated_by = NULL WHERE key_id = '{keyId}'");

            PSObject answer = Assert.Single(Ok("param($K) Test-ApiKey -Key $K", new Hashtable { ["K"] = secret }).Output);
            Assert.Equal(false, Prop(answer, "IsValid"));
            Assert.Equal("Unknown", Prop(answer, "Reason").ToString());
            AssertError(Fails("Invoke-ApiKeyRotation -Account acme -Force"), "IntegrityCheckFailed", ErrorCategory.InvalidData, keyId);
            AssertError(Fails("param($Id) Disable-ApiKey -KeyId $Id -Force", new Hashtable { ["Id"] = keyId }), "IntegrityCheckFailed", ErrorCategory.InvalidData, keyId);
        }
    }
}
