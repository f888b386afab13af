using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyStoreAccess: which database logins may verify against or administer a shared store.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyStoreAccess")]
    [OutputType(typeof(StoreAccessGrant))]
    public sealed class GetApiKeyStoreAccessCommand : ApiKeyCmdletBase
    {
        /// <summary>Only this login; the name is case-sensitive.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LoginCompleter))]
        public string Login { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Run(() =>
            {
                foreach (StoreAccessGrant grant in Manager.Access.List(Login))
                {
                    WriteObject(grant);
                }
            });
        }
    }
}
