using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Get-ApiKeyMigrationReport: one row per account that still holds a standard key, most urgent first, with its
    /// standard-key calls of the past 7 days and its app tokens; warns of the sunset while one is set.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyMigrationReport")]
    [OutputType(typeof(MigrationReportRow))]
    public sealed class GetApiKeyMigrationReportCommand : ApiKeyCmdletBase
    {
        /// <inheritdoc/>
        protected override void EndProcessing() => Run(() =>
        {
            MigrationReport report = Manager.Sunset.Report();
            if (report.Notice != null)
            {
                WriteWarning(report.Notice.ToString());
            }

            WriteObject(report.Rows, enumerateCollection: true);
        });
    }
}
