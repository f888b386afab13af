using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Revoke-ApiKeyAdminRole: takes a role away; the last Super Admin keeps theirs.</summary>
    [Cmdlet(VerbsSecurity.Revoke, "ApiKeyAdminRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RevokeApiKeyAdminRoleCommand : ApiKeyCmdletBase
    {
        /// <summary>The user.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UserCompleter))]
        public string User { get; set; }

        /// <summary>The role; SuperAdmin by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RoleCompleter))]
        public string Role { get; set; } = Roles.SuperAdmin;

        /// <summary>Revoke without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (!ShouldChange(Force, $"user '{User}'", $"Revoke the {Role} role"))
            {
                return;
            }

            Run(() =>
            {
                Manager.Roles.Revoke(User, Role);
                WriteVerbose($"Revoked {Role} from '{User}'.");
            });
        }
    }
}
