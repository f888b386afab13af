using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Backup-ApiKeyStore: writes a consistent copy of a SQLite store, taken while other processes write, to a new private
    /// file, as a Super Admin. The data-protection key file is not in it; the output names the file to keep apart.
    /// </summary>
    [Cmdlet(VerbsData.Backup, "ApiKeyStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StoreBackup))]
    public sealed class BackupApiKeyStoreCommand : ApiKeyCmdletBase
    {
        /// <summary>The backup file to write; it must not exist unless -Force is given.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; }

        /// <summary>Replace an existing file at -Destination.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            // Relative paths follow PowerShell's location, as -StorePath does.
            string destination = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
            if (!ShouldProcess($"file '{destination}'", $"Back up the store '{Manager.Location}' to it"))
            {
                return;
            }

            Run(() =>
            {
                StoreBackup backup = Manager.Backup.Write(destination, Force);
                WriteVerbose($"Backed up to '{backup.Destination}'. Keep the data-protection key file '{backup.ProtectionKeyFile}' too, apart from the backup: the backup does not hold it.");
                WriteObject(backup);
            });
        }
    }
}
