using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Get-ApiKeyMigrationReport: one row per account that still holds a standard key, most urgent first, with its
    /// standard-key calls of the past 7 days and its app tokens. It writes no sunset warning: it is the command the warning points to.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyMigrationReport")]
    [OutputType(typeof(MigrationReportRow))]
    public sealed class GetApiKeyMigrationReportCommand : ApiKeyCmdletBase
    {
        /// <inheritdoc/>
        protected override void EndProcessing() => Run(() => WriteObject(Manager.Sunset.Report().Rows, enumerateCollection: true));
    }
}
