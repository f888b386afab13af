using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Grant-ApiKeyStoreAccess: gives a database login Verify or Administer access to a shared store, as the database's own privileges.</summary>
    [Cmdlet(VerbsSecurity.Grant, "ApiKeyStoreAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StoreAccessGrant))]
    public sealed class GrantApiKeyStoreAccessCommand : ApiKeyCmdletBase
    {
        /// <summary>The database login (a role a DBA made with CREATE ROLE ... LOGIN); the name is case-sensitive.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LoginCompleter))]
        public string Login { get; set; }

        /// <summary>What the login may do: Verify keys, or Administer the store.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public StoreAccess Access { get; set; }

        /// <summary>Write the new access row to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"login '{Login}'", $"Grant {Access} access"))
            {
                return;
            }

            Run(() =>
            {
                StoreAccessGrant granted = Manager.Access.Grant(Login, Access);
                WriteVerbose($"Granted {granted.Access} access to login '{granted.Login}'.");
                if (PassThru)
                {
                    WriteObject(granted);
                }
            });
        }
    }
}
