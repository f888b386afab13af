using System;
using System.Management.Automation;
using System.Threading;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Copy-ApiKeyStore: moves a SQLite store into a new PostgreSQL store, audit chain and all, as a Super Admin of the
    /// source. Its own two parameters name both stores, so it takes neither -StorePath nor -ConnectionString.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "ApiKeyStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StoreCopy))]
    public sealed class CopyApiKeyStoreCommand : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();

        /// <summary>The SQLite store file to copy.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string From { get; set; }

        /// <summary>The PostgreSQL store to make, in Npgsql's connection-string syntax; it must not exist yet.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string To { get; set; }

        /// <inheritdoc/>
        public void Dispose() => stopping.Dispose();

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            try
            {
                string source = StoreLocation.Resolve(SessionState.Path.GetUnresolvedProviderPathFromPSPath(From));
                using (IKeyStore target = PostgreSqlStoreLoader.Create(To))
                using (var manager = new ApiKeyManager(new SqliteKeyStore(source), new SessionIdentity(SessionState.PSVariable), ProtectionKeyFolder.ForCurrentUser()))
                {
                    if (ShouldProcess($"store '{target.Location}'", $"Copy the store '{source}' into it"))
                    {
                        WriteObject(manager.Copy.To(target, stopping.Token));
                    }
                }
            }
            catch (ApiKeyAdminException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }

        /// <inheritdoc/>
        protected override void StopProcessing() => stopping.Cancel();
    }
}
