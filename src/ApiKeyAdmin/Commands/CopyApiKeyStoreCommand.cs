using System.Management.Automation;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Copy-ApiKeyStore: moves a SQLite store into a new PostgreSQL store, audit chain and all, as a Super Admin of the
    /// source. Its own two parameters name both stores, so it takes neither -StorePath nor -ConnectionString.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "ApiKeyStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StoreCopy))]
    public sealed class CopyApiKeyStoreCommand : CancellableCmdlet
    {
        /// <summary>The SQLite store file to copy.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string From { get; set; }

        /// <summary>The PostgreSQL store to make, in Npgsql's connection-string syntax; it must not exist yet.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string To { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            try
            {
                using (ApiKeyManager manager = StoreFactory.NewManager(SessionState, StoreFactory.NewStore(SessionState, From, null)))
                using (IKeyStore target = StoreFactory.NewStore(SessionState, null, To))
                {
                    if (ShouldProcess($"store '{target.Location}'", $"Copy the store '{manager.Location}' into it"))
                    {
                        WriteObject(manager.Copy.To(target, Cancellation));
                    }
                }
            }
            catch (ApiKeyAdminException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }
    }
}
