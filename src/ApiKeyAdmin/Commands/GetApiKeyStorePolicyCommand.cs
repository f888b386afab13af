using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyStorePolicy: the store's store-wide settings.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyStorePolicy")]
    [OutputType(typeof(StorePolicy))]
    public sealed class GetApiKeyStorePolicyCommand : ApiKeyCmdletBase
    {
        /// <inheritdoc/>
        protected override void EndProcessing() => Run(() => WriteObject(Manager.Policy.Get()));
    }
}
