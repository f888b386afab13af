using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyStore: the store a command would use, its engine, id, schema, data-protection key file and row counts.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyStore")]
    [OutputType(typeof(StoreInfo))]
    public sealed class GetApiKeyStoreCommand : ApiKeyCmdletBase
    {
        /// <inheritdoc/>
        protected override void EndProcessing() => Run(() => WriteObject(Manager.Policy.Describe()));
    }
}
