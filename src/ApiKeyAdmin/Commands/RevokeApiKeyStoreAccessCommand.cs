using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Revoke-ApiKeyStoreAccess: takes every privilege on a shared store's objects from a database login.</summary>
    [Cmdlet(VerbsSecurity.Revoke, "ApiKeyStoreAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RevokeApiKeyStoreAccessCommand : ApiKeyCmdletBase
    {
        /// <summary>The database login; the name is case-sensitive.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LoginCompleter))]
        public string Login { get; set; }

        /// <summary>Revoke without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (!ShouldChange(Force, $"login '{Login}'", "Revoke its access to the store"))
            {
                return;
            }

            Run(() =>
            {
                Manager.Access.Revoke(Login);
                WriteVerbose($"Revoked the access of login '{Login}'.");
            });
        }
    }
}
