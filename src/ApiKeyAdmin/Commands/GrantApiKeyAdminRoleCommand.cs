using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Grant-ApiKeyAdminRole: gives a user a role; on a new store, the caller becomes its first Super Admin first.</summary>
    [Cmdlet(VerbsSecurity.Grant, "ApiKeyAdminRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AdminRole))]
    public sealed class GrantApiKeyAdminRoleCommand : ApiKeyCmdletBase
    {
        /// <summary>The user, as the engine names them (DOMAIN\user on Windows).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UserCompleter))]
        public string User { get; set; }

        /// <summary>The role; SuperAdmin, the one role there is, by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RoleCompleter))]
        public string Role { get; set; } = Roles.SuperAdmin;

        /// <summary>Where rotation reminders for this user go.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Email { get; set; }

        /// <summary>Write the new role assignment to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"user '{User}'", $"Grant the {Role} role"))
            {
                return;
            }

            Run(() =>
            {
                AdminRole granted = Manager.Roles.Grant(User, Role, Email);
                WriteVerbose($"Granted {granted.Role} to '{granted.User}'.");
                if (PassThru)
                {
                    WriteObject(granted);
                }
            });
        }
    }
}
