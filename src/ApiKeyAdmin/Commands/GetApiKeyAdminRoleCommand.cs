using System.Linq;
using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyAdminRole: who holds which role.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyAdminRole")]
    [OutputType(typeof(AdminRole))]
    public sealed class GetApiKeyAdminRoleCommand : ApiKeyCmdletBase
    {
        /// <summary>Only these users; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(UserCompleter))]
        public string[] User { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            WildcardPattern[] patterns = User?.Select(u => new WildcardPattern(u, WildcardOptions.IgnoreCase)).ToArray();
            Run(() =>
            {
                foreach (AdminRole role in Manager.Roles.List())
                {
                    if (patterns == null || patterns.Any(p => p.IsMatch(role.User)))
                    {
                        WriteObject(role);
                    }
                }
            });
        }
    }
}
