using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Set-ApiKeyAdminRole: changes a role assignment in place, its e-mail address for reminders.</summary>
    [Cmdlet(VerbsCommon.Set, "ApiKeyAdminRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AdminRole))]
    public sealed class SetApiKeyAdminRoleCommand : ApiKeyCmdletBase
    {
        /// <summary>The user whose role to change.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(UserCompleter))]
        public string User { get; set; }

        /// <summary>The role; SuperAdmin, the one role there is, by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RoleCompleter))]
        public string Role { get; set; } = Roles.SuperAdmin;

        /// <summary>Where rotation reminders for this user go; an empty string clears it.</summary>
        [Parameter(Mandatory = true)]
        [AllowEmptyString]
        public string Email { get; set; }

        /// <summary>Write the changed role assignment to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            string change = Email.Length == 0 ? "Clear the e-mail address" : $"Set the e-mail address to '{Email}'";
            if (!ShouldProcess($"user '{User}' ({Role})", change))
            {
                return;
            }

            Run(() =>
            {
                AdminRole changed = Manager.Roles.SetEmail(User, Role, Email);
                WriteVerbose($"{change} of '{changed.User}'.");
                if (PassThru)
                {
                    WriteObject(changed);
                }
            });
        }
    }
}
