using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>
    /// What a new user meets first, line by line of the README: listing every kind, wildcards, a secret shown once, a
    /// store that starts show-once, the store's key file, consent in runbooks and an address for the store's creator.
    /// </summary>
    public abstract class NewUserTests : CommandTestBase
    {
        protected NewUserTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void Get_ApiKey_lists_every_kind_unless_Kind_names_one_or_several()
        {
            Ok("New-ApiKey -Account acme -Kind Developer | Out-Null; New-ApiKey -Account acme -AppName crm -Scope crm.read | Out-Null; New-ApiKey -Account beta | Out-Null");

            Assert.Equal(new[] { "AppToken", "Developer", "Standard" }, Kinds("Get-ApiKey"));
            Assert.Equal(new[] { "AppToken", "Developer" }, Kinds("Get-ApiKey -Account acme"));
            Assert.Equal(new[] { "Developer", "Standard" }, Kinds("Get-ApiKey -Kind Standard, Developer"));
            Assert.Equal(new[] { "AppToken" }, Kinds("Get-ApiKey -AppName crm"));
            AssertError(Fails("Get-ApiKey -Account acme -Kind Standard"), "KeyNotFound", ErrorCategory.ObjectNotFound, "acme");
        }

        [SkippableFact]
        public void Account_takes_wildcards_and_an_escaped_wildcard_is_an_exact_name()
        {
            Ok("'acme', 'acme labs', 'beta', 'a*' | ForEach-Object { New-ApiKey -Account $_ } | Out-Null");

            Assert.Equal(new[] { "a*", "acme", "acme labs" }, Accounts("Get-ApiKey -Account 'a*'"));
            Assert.Equal(new[] { "acme", "acme labs" }, Accounts("Get-ApiKey -Account 'AC*'"));
            Assert.Equal(new[] { "a*" }, Accounts("Get-ApiKey -Account 'a`*'"));
            Assert.Equal(new[] { "beta" }, Accounts("Get-ApiKey -Account '[b]eta', 'zz*'"));
            Assert.Equal(new[] { "acme labs" }, Ok("Get-ApiKeyAuditLog -Account '*labs' -Action Created | ForEach-Object Account").Output.Select(o => o.ToString()));
            Assert.Empty(Ok("Get-ApiKeyAuditLog -Account 'zz*'").Output);
        }

        [SkippableFact]
        public void A_plain_text_secret_gets_the_view_that_shows_it_and_a_show_once_store_says_it_is_the_only_time()
        {
            InvocationResult allowed = Ok("New-ApiKey -Account acme -AsPlainText");
            Ok("Set-ApiKeyStorePolicy -Reveal Never -Force");
            InvocationResult once = Ok("New-ApiKey -Account beta -AsPlainText; New-ApiKey -Account gamma");

            PSObject shown = Assert.Single(allowed.Output);
            Assert.Equal("ApiKeyAdmin.ApiKey#PlainTextSecret", shown.TypeNames[0]);
            Assert.Contains("ApiKeyAdmin.ApiKey", shown.TypeNames);
            Assert.Empty(allowed.Warnings);
            Assert.Equal(2, once.Warnings.Count);
            Assert.All(once.Warnings, w => Assert.Contains("only time", w.Message));
            Assert.Equal("ApiKeyAdmin.ApiKey", once.Output[1].TypeNames[0]);
            Assert.DoesNotMatch(@"ak[sdt]_[0-9A-Za-z]{49}", string.Join("\n", once.Warnings.Select(w => w.Message)));
        }

        [SkippableFact]
        public void Set_ApiKeyStorePolicy_creates_a_missing_store_with_that_policy()
        {
            InvocationResult set = Ok("Set-ApiKeyStorePolicy -Reveal Never -Force -PassThru");

            Assert.Equal("Never", Prop(Assert.Single(set.Output), "Reveal").ToString());
            Assert.True(StoreMade);
            Assert.Equal(new[] { "StoreCreated", "RoleGranted", "PolicyChanged" }, Actions(Ok("Get-ApiKeyAuditLog")).Reverse());
            Assert.Single(Ok("New-ApiKey -Account acme").Warnings);
        }

        [SkippableFact]
        public void Get_ApiKeyStore_names_the_key_file_and_counts_rows_and_never_creates_a_store()
        {
            PSObject missing = Assert.Single(Ok("Get-ApiKeyStore").Output);
            Assert.Equal(false, Prop(missing, "Exists"));
            Assert.Null(Prop(missing, "ProtectionKeyPath"));
            Assert.False(StoreMade);

            Ok("New-ApiKey -Account acme | Out-Null; Invoke-ApiKeyRotation -Account acme -Force | Out-Null");
            PSObject store = Assert.Single(Ok("Get-ApiKeyStore").Output);

            Assert.Equal(true, Prop(store, "Exists"));
            Assert.Equal(Kind == StoreKind.PostgreSql ? "PostgreSQL" : "SQLite", Prop(store, "Engine"));
            string storeId = (string)Prop(store, "StoreId");
            string keyFile = (string)Prop(store, "ProtectionKeyPath");
            Assert.Equal(storeId + ".key", Path.GetFileName(keyFile));
            Assert.True(File.Exists(keyFile), keyFile);
            Assert.True((int)Prop(store, "SchemaVersion") > 0);
            Assert.Equal(2, Prop(store, "Keys"));
            Assert.Equal(4L, Prop(store, "AuditRows"));
            Assert.Equal(Prop(Ok("Get-ApiKeyStorePolicy").Output.Single(), "Store"), Prop(store, "Location"));
        }

        [SkippableTheory]
        [InlineData("Invoke-ApiKeyRotation -Account acme")]
        [InlineData("Disable-ApiKey -Account acme")]
        [InlineData("Revoke-ApiKeyAdminRole -User bob")]
        [InlineData("Set-ApiKeyStorePolicy -Reveal Never")]
        public void Without_consent_a_session_that_cannot_prompt_is_ConfirmationRequired_naming_Force_and_Confirm(string command)
        {
            Ok("New-ApiKey -Account acme | Out-Null; Grant-ApiKeyAdminRole -User bob");
            long rows = (long)Prop(Ok("Get-ApiKeyStore").Output.Single(), "AuditRows");

            ErrorRecord error = Fails(command);

            Assert.StartsWith("ConfirmationRequired,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            Assert.Contains("-Force", error.Exception.Message);
            Assert.Contains("-Confirm:$false", error.Exception.Message);
            Assert.Equal(rows, Prop(Ok("Get-ApiKeyStore").Output.Single(), "AuditRows"));
        }

        [SkippableFact]
        public void Set_ApiKeyAdminRole_gives_the_store_creator_an_address_audited_as_RoleChanged()
        {
            Ok("New-ApiKey -Account acme | Out-Null");
            string me = (string)Prop(Ok("Get-ApiKeyAdminRole").Output.Single(), "User");

            PSObject changed = Assert.Single(Ok("param($Me) Set-ApiKeyAdminRole -User $Me -Email ops@example.com -PassThru", new Hashtable { ["Me"] = me }).Output);

            Assert.Equal("ops@example.com", Prop(changed, "Email"));
            Assert.Equal("ops@example.com", Prop(Ok("Get-ApiKeyAdminRole").Output.Single(), "Email"));
            PSObject audited = Assert.Single(Ok("Get-ApiKeyAuditLog -Action RoleChanged").Output);
            Assert.Contains("(none) -> ops@example.com", (string)Prop(audited, "Detail"));
            Assert.True((bool)Prop(Ok("Test-ApiKeyAuditLog").Output.Single(), "IsValid"));
            AssertError(Fails("Set-ApiKeyAdminRole -User nobody -Email a@example.com"), "RoleNotAssigned", ErrorCategory.ObjectNotFound, "nobody");
            AssertError(Fails("param($Me) Set-ApiKeyAdminRole -User $Me -Email 'not mail'", new Hashtable { ["Me"] = me }), "InvalidEmail", ErrorCategory.InvalidArgument, "not mail");
        }

        [SkippableFact]
        public void Keys_that_no_longer_verify_have_no_rotation_due_and_an_Expiring_key_names_no_deactivation()
        {
            Ok("New-ApiKey -Account acme | Out-Null; Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(1)) -Force | Out-Null; New-ApiKey -Account beta | Out-Null; Disable-ApiKey -Account beta -Force");

            PSObject expiring = Assert.Single(Ok("Get-ApiKey -Account acme | Where-Object Status -eq Expiring").Output);
            PSObject deactivated = Assert.Single(Ok("Get-ApiKey -Account beta -IncludeInactive").Output);

            Assert.Equal("Inactive", Prop(expiring, "RotationState").ToString());
            Assert.Null(Prop(expiring, "DeactivatedBy"));
            Assert.Null(Prop(expiring, "DeactivatedAt"));
            Assert.Equal("Inactive", Prop(deactivated, "RotationState").ToString());
            Assert.NotNull(Prop(deactivated, "DeactivatedBy"));
        }

        [SkippableFact]
        public void Measure_ApiKeyCallLog_counts_per_day_without_Interval()
        {
            Ok("$k = New-ApiKey -Account acme; $k | Test-ApiKey | Out-Null; $k | Test-ApiKey | Out-Null");

            PSObject day = Assert.Single(Ok("Measure-ApiKeyCallLog").Output);

            Assert.Equal(2L, System.Convert.ToInt64(Prop(day, "Total")));
            Assert.Equal(System.TimeSpan.Zero, ((System.DateTimeOffset)Prop(day, "Interval")).TimeOfDay);
        }

        private string[] Kinds(string script) =>
            Ok(script).Output.Select(k => Prop(k, "Kind").ToString()).OrderBy(k => k, System.StringComparer.Ordinal).ToArray();

        private string[] Accounts(string script) =>
            Ok(script).Output.Select(k => (string)Prop(k, "Account")).OrderBy(a => a, System.StringComparer.Ordinal).ToArray();
    }

    public sealed class SqliteNewUserTests : NewUserTests
    {
        public SqliteNewUserTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlNewUserTests : NewUserTests
    {
        public PostgreSqlNewUserTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
