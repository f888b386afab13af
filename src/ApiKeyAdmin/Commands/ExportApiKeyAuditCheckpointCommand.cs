using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Export-ApiKeyAuditCheckpoint: writes a signed checkpoint of the store's audit head, for an admin to keep away from
    /// the store and hold it against later with Test-ApiKeyAuditLog -Checkpoint.
    /// </summary>
    [Cmdlet(VerbsData.Export, "ApiKeyAuditCheckpoint", SupportsShouldProcess = true)]
    public sealed class ExportApiKeyAuditCheckpointCommand : ApiKeyCmdletBase
    {
        /// <summary>The checkpoint file to write; a file there is replaced.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, "Write a checkpoint of the store's audit head"))
            {
                return;
            }

            Run(() => WriteVerbose($"Checkpoint of row {Manager.Audit.ExportCheckpoint(path)} written to '{path}'."));
        }
    }
}
