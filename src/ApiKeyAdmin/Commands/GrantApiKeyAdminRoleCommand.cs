using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Grant-ApiKeyAdminRole: gives a user a role; on a new store, the caller becomes its first Super Admin first. With
    /// -Recover, the store's owner takes the Super Admin role back (audited as AccessRecovered), which asks first as a
    /// high-impact command does.
    /// </summary>
    [Cmdlet(VerbsSecurity.Grant, "ApiKeyAdminRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ToUser)]
    [OutputType(typeof(AdminRole))]
    public sealed class GrantApiKeyAdminRoleCommand : ApiKeyCmdletBase
    {
        private const string ToUser = "ToUser";
        private const string Recovery = "Recover";

        /// <summary>The user, as the engine names them (DOMAIN\user on Windows).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ToUser)]
        [ArgumentCompleter(typeof(UserCompleter))]
        public string User { get; set; }

        /// <summary>The role; SuperAdmin, the one role there is, by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ToUser)]
        [ArgumentCompleter(typeof(RoleCompleter))]
        public string Role { get; set; } = Roles.SuperAdmin;

        /// <summary>
        /// Give the Super Admin role to the acting user because they own the store: the OS account that owns the SQLite file,
        /// or the login that owns the PostgreSQL schema. The way back into a store that no Super Admin can use.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = Recovery)]
        public SwitchParameter Recover { get; set; }

        /// <summary>Recover without asking first.</summary>
        [Parameter(ParameterSetName = Recovery)]
        public SwitchParameter Force { get; set; }

        /// <summary>Where rotation reminders for this user go.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Email { get; set; }

        /// <summary>Write the new role assignment to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (Recover)
            {
                RecoverAccess();
                return;
            }

            if (!ShouldProcess($"user '{User}'", $"Grant the {Role} role"))
            {
                return;
            }

            Run(() => Written(Manager.Roles.Grant(User, Role, Email)));
        }

        // The cmdlet's impact is Medium for ordinary grants; a recovery asks as a High one does, unless -Force or -Confirm was given.
        private void RecoverAccess()
        {
            string target = $"store '{Manager.Location}'";
            string action = $"Recover the {Roles.SuperAdmin} role for '{Manager.Actor}', the store's owner";
            if (!ShouldChange(Force, target, action))
            {
                return;
            }

            if (!Force && !IsBound("Confirm") && !ShouldContinue($"{action} on {target}?", "Recover Super Admin access"))
            {
                return;
            }

            Run(() => Written(Manager.Roles.Recover(Email)));
        }

        private void Written(AdminRole granted)
        {
            WriteVerbose($"Granted {granted.Role} to '{granted.User}'.");
            if (PassThru)
            {
                WriteObject(granted);
            }
        }
    }
}
