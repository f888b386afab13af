using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    public abstract class RoleCommandTests : CommandTestBase
    {
        protected RoleCommandTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void Granting_on_a_new_store_makes_the_caller_its_first_Super_Admin_and_then_grants()
        {
            PSObject granted = Assert.Single(Ok("Grant-ApiKeyAdminRole -User bob -Email bob@example.com -PassThru").Output);

            Assert.Equal("bob", Prop(granted, "User"));
            Assert.Equal("bob@example.com", Prop(granted, "Email"));
            Assert.Equal(2, Ok("Get-ApiKeyAdminRole").Output.Count);
            Assert.Equal("bob@example.com", Prop(Assert.Single(Ok("Get-ApiKeyAdminRole -User b*").Output), "Email"));
        }

        [SkippableFact]
        public void Granting_twice_is_RoleAlreadyAssigned()
        {
            Ok("Grant-ApiKeyAdminRole -User bob");

            AssertError(Fails("Grant-ApiKeyAdminRole -User bob"), "RoleAlreadyAssigned", ErrorCategory.ResourceExists, "bob");
        }

        [SkippableFact]
        public void The_last_Super_Admin_cannot_be_revoked()
        {
            Ok("New-ApiKey -Account acme");
            string me = (string)Prop(Assert.Single(Ok("Get-ApiKeyAdminRole").Output), "User");

            ErrorRecord error = Fails($"Revoke-ApiKeyAdminRole -User '{me}' -Force");

            AssertError(error, "LastSuperAdmin", ErrorCategory.InvalidOperation, me);
            Assert.Single(Ok("Get-ApiKeyAdminRole").Output);
        }

        [SkippableFact]
        public void A_Super_Admin_who_revokes_themselves_loses_access_at_once()
        {
            Ok("New-ApiKey -Account acme; Grant-ApiKeyAdminRole -User bob");
            string me = (string)Ok("Get-ApiKeyAdminRole").Output.Select(r => Prop(r, "User")).First(u => (string)u != "bob");
            ActAs("bob");

            Ok($"Revoke-ApiKeyAdminRole -User '{me}' -Force");

            Assert.StartsWith("SuperAdminRequired,", Fails("Get-ApiKey").FullyQualifiedErrorId);
        }

        [SkippableFact]
        public void Revoking_yourself_while_the_other_Super_Admin_never_used_the_store_is_LastSuperAdmin()
        {
            Ok("New-ApiKey -Account acme; Grant-ApiKeyAdminRole -User ghost");
            string me = (string)Ok("Get-ApiKeyAdminRole").Output.Select(r => Prop(r, "User")).First(u => (string)u != "ghost");

            ErrorRecord error = Fails($"Revoke-ApiKeyAdminRole -User '{me}' -Force");

            AssertError(error, "LastSuperAdmin", ErrorCategory.InvalidOperation, me);
            Assert.Contains("'ghost'", error.Exception.Message);
            Assert.Single(Ok("Get-ApiKey").Output);
        }

        // Makes an audited change as another user, through the core's identity seam.
        private void ActAs(string user)
        {
            CoreSeams.Define(Session);
            InvocationResult acted = CoreSeams.AsUser(Session, user, "$m.Keys.Create('by-' + $User, 'Standard', $null) | Out-Null");
            Assert.False(acted.HadErrors, acted.ToString());
        }

        [SkippableFact]
        public void An_invalid_e_mail_address_is_refused()
        {
            AssertError(Fails("Grant-ApiKeyAdminRole -User bob -Email 'not an address'"), "InvalidEmail", ErrorCategory.InvalidArgument, "not an address");
        }
    }

    public sealed class SqliteRoleCommandTests : RoleCommandTests
    {
        public SqliteRoleCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlRoleCommandTests : RoleCommandTests
    {
        public PostgreSqlRoleCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
