using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    public abstract class TestApiKeyCommandTests : CommandTestBase
    {
        protected TestApiKeyCommandTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableTheory]
        [InlineData("")]
        [InlineData("not a key")]
        [InlineData("aks_0000000000000000000000000000000000000000000000000")]
        public void Anything_that_is_not_a_key_is_Malformed_and_never_throws(string presented)
        {
            Ok("New-ApiKey -Account acme");

            PSObject result = Assert.Single(Ok("param($K) Test-ApiKey -Key $K", new Hashtable { ["K"] = presented }).Output);

            Assert.Equal(false, Prop(result, "IsValid"));
            Assert.Equal("Malformed", Prop(result, "Reason").ToString());
        }

        [SkippableFact]
        public void Keys_from_the_pipeline_verify_whether_SecureString_or_string()
        {
            InvocationResult result = Ok(@"
                New-ApiKey -Account acme | Test-ApiKey -Method GET -Path /contacts
                (Get-ApiKey -Account acme -Reveal -AsPlainText).Secret | Test-ApiKey");

            Assert.Equal(true, Prop(result.Output[0], "IsValid"));
            Assert.Equal("acme", Prop(result.Output[0], "Account"));
            Assert.Equal(true, Prop(result.Output[^1], "IsValid"));
        }

        [SkippableFact]
        public void Every_verification_is_a_call_in_the_call_log_and_moves_LastUsedAt()
        {
            Ok(@"$k = New-ApiKey -Account acme; $k | Test-ApiKey -Method POST -Path /deals -ClientAddress 203.0.113.7; Test-ApiKey -Key garbage");

            InvocationResult calls = Ok("Get-ApiKeyCallLog");

            Assert.Equal(2, calls.Output.Count);
            PSObject allowed = calls.Output[1];
            Assert.Equal("POST", Prop(allowed, "Method"));
            Assert.Equal("/deals", Prop(allowed, "Path"));
            Assert.Equal("203.0.113.7", Prop(allowed, "ClientAddress"));
            Assert.Equal("Allowed", Prop(allowed, "Outcome").ToString());
            Assert.Equal("", Prop(calls.Output[0], "Account"));
            Assert.NotNull(Prop(Assert.Single(Ok("Get-ApiKey -Account acme").Output), "LastUsedAt"));
        }

        [SkippableFact]
        public void A_caller_cannot_write_control_characters_into_the_call_log_views_with_a_good_key_or_a_malformed_one()
        {
            Ok("$k = New-ApiKey -Account acme");

            Ok("$k | Test-ApiKey -Path \"/x`e]0;pwned`a\" -ClientAddress \"1.2.3.4`e[31m\" -Method \"GET`e[2J\" | Out-Null; " +
                "Test-ApiKey -Key garbage -Path \"/x`e]0;pwned`a\" -ClientAddress \"1.2.3.4`e[31m\" | Out-Null");
            // Every text property of every row, as the views and exports take them (the views themselves are tested in a real pwsh).
            string shown = string.Join("\n", Ok("Get-ApiKeyCallLog").Output.SelectMany(row => row.Properties.Select(p => p.Value as string ?? string.Empty)));

            Assert.Contains("\\u001B]0;pwned\\u0007", shown);
            Assert.Contains("1.2.3.4\\u001B[31m", shown);
            char[] raw = shown.Where(c => (c < 0x20 && c != '\r' && c != '\n') || (c >= 0x7F && c <= 0x9F)).Distinct().ToArray();
            Assert.True(raw.Length == 0, "raw control characters: " + string.Join(" ", raw.Select(c => $"U+{(int)c:X4}")));
        }

        [SkippableFact]
        public void A_megabyte_of_path_or_method_is_stored_capped()
        {
            Ok("$k = New-ApiKey -Account acme; $k | Test-ApiKey -Path ('/' * 1MB) -Method ('M' * 1MB) -ClientAddress ('1' * 1MB) | Out-Null");

            PSObject call = Assert.Single(Ok("Get-ApiKeyCallLog").Output);

            Assert.Equal(2048, ((string)Prop(call, "Path")).Length);
            Assert.Equal(16, ((string)Prop(call, "Method")).Length);
            Assert.Equal(64, ((string)Prop(call, "ClientAddress")).Length);
            Assert.EndsWith("…[cut]", (string)Prop(call, "Path"));
        }

        [SkippableFact]
        public void Testing_against_a_missing_store_is_StoreNotFound_and_creates_nothing()
        {
            ErrorRecord error = Fails("Test-ApiKey -Key ([ApiKeyAdmin.Secrets.KeyFormat]::Generate('Standard'))");

            Assert.StartsWith("StoreNotFound,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.False(StoreMade);
        }
    }

    public sealed class SqliteTestApiKeyCommandTests : TestApiKeyCommandTests
    {
        public SqliteTestApiKeyCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlTestApiKeyCommandTests : TestApiKeyCommandTests
    {
        public PostgreSqlTestApiKeyCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
