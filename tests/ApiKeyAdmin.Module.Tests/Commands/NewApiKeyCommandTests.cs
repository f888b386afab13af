using System.Linq;
using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Text.RegularExpressions;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    public abstract class NewApiKeyCommandTests : CommandTestBase
    {
        protected NewApiKeyCommandTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void New_key_carries_its_secret_as_a_SecureString_and_the_first_user_becomes_Super_Admin()
        {
            PSObject key = Assert.Single(Ok("New-ApiKey -Account acme -Description 'CRM sync'").Output);

            Assert.Equal("ApiKeyAdmin.ApiKey", key.TypeNames[0]);
            Assert.Equal("acme", Prop(key, "Account"));
            Assert.Equal("Active", Prop(key, "Status").ToString());
            Assert.Equal("Standard", Prop(key, "Kind").ToString());
            Assert.Equal("CRM sync", Prop(key, "Description"));
            Assert.IsType<SecureString>(Prop(key, "Secret"));
            Assert.Equal(0, Prop(key, "AgeDays"));
            PSObject role = Assert.Single(Ok("Get-ApiKeyAdminRole").Output);
            Assert.Equal("SuperAdmin", Prop(role, "Role"));
            Assert.Equal(new[] { "Created", "RoleGranted", "StoreCreated" }, Actions(Ok("Get-ApiKeyAuditLog")));
        }

        [SkippableFact]
        public void AsPlainText_gives_a_string_in_the_documented_format_that_verifies()
        {
            InvocationResult result = Ok(@"
                $key = New-ApiKey -Account acme -AsPlainText
                $key.Secret -cmatch [ApiKeyAdmin.Secrets.KeyFormat]::ScannerPattern
                (Test-ApiKey -Key $key.Secret).IsValid
                $key.MaskedKey.StartsWith('aks_') -and $key.Secret.EndsWith($key.MaskedKey.Substring($key.MaskedKey.Length - 4))");

            Assert.Equal(new object[] { true, true, true }, result.Output.Select(o => o.BaseObject));
        }

        [SkippableFact]
        public void A_second_active_key_of_a_kind_is_ResourceExists_and_points_at_rotation()
        {
            Ok("New-ApiKey -Account acme");

            ErrorRecord error = Fails("New-ApiKey -Account acme");

            AssertError(error, "ActiveKeyExists", ErrorCategory.ResourceExists, "acme");
            Assert.Contains("Invoke-ApiKeyRotation", error.Exception.Message);
            Assert.Equal((1, 1), CountKeys("acme"));
        }

        [SkippableFact]
        public void A_developer_key_lives_beside_the_standard_key()
        {
            Ok("New-ApiKey -Account acme; New-ApiKey -Account acme -Kind Developer");

            PSObject developer = Assert.Single(Ok("Get-ApiKey -Account acme -Kind Developer").Output);

            Assert.Equal("Developer", Prop(developer, "Kind").ToString());
            Assert.StartsWith("akd_", (string)Prop(developer, "MaskedKey"));
            // Listing an account without -Kind counts every kind: the standard key and the developer key.
            Assert.Equal((2, 2), CountKeys("acme"));
        }

        [SkippableTheory]
        [InlineData("  acme")]
        [InlineData("acme\u0007")]
        [InlineData("evil\u202Eexe.txt")]
        [InlineData("zero\u200Bwidth")]
        public void Unacceptable_account_names_are_InvalidAccountName_and_create_nothing(string account)
        {
            ErrorRecord error = Fails("param($A) New-ApiKey -Account $A", new Hashtable { ["A"] = account });

            AssertError(error, "InvalidAccountName", ErrorCategory.InvalidArgument, account);
            Assert.False(StoreMade);
        }

        [SkippableFact]
        public void An_account_name_over_128_characters_is_InvalidAccountName()
        {
            string account = new string('a', 129);

            ErrorRecord error = Fails("param($A) New-ApiKey -Account $A", new Hashtable { ["A"] = account });

            AssertError(error, "InvalidAccountName", ErrorCategory.InvalidArgument, account);
        }

        [SkippableTheory]
        [InlineData("x'); DROP TABLE keys;--")]
        [InlineData("O'Brien \"Ltd\" *[?]% $env:PATH `whoami`")]
        [InlineData("Bücher & Söhne — 東京")]
        public void Names_that_look_like_code_are_stored_and_read_back_literally(string account)
        {
            Ok("param($A) New-ApiKey -Account $A", new Hashtable { ["A"] = account });

            PSObject key = Assert.Single(Ok("param($A) Get-ApiKey -Account ([WildcardPattern]::Escape($A))", new Hashtable { ["A"] = account }).Output);

            Assert.Equal(account, Prop(key, "Account"));
            Assert.Single(Ok("Get-ApiKey").Output);
        }

        [SkippableFact]
        public void WhatIf_generates_nothing_and_creates_no_store()
        {
            Ok("New-ApiKey -Account acme -WhatIf");

            Assert.False(StoreMade);
        }
    }

    public sealed class SqliteNewApiKeyCommandTests : NewApiKeyCommandTests
    {
        public SqliteNewApiKeyCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlNewApiKeyCommandTests : NewApiKeyCommandTests
    {
        public PostgreSqlNewApiKeyCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
