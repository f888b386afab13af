using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Export-ApiKeyAuditLog: writes the audit log, newest first, straight from the store to a CSV or JSON Lines file,
    /// without an object in the pipeline per row.
    /// </summary>
    [Cmdlet(VerbsData.Export, "ApiKeyAuditLog", SupportsShouldProcess = true)]
    [OutputType(typeof(LogExport))]
    public sealed class ExportApiKeyAuditLogCommand : AuditLogCommandBase
    {
        /// <summary>The file to write; a file there is replaced unless -Append or -NoClobber is given.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>Csv (as Export-Csv -UseQuotes AsNeeded writes it) or JsonLines.</summary>
        [Parameter]
        public LogExportFormat Format { get; set; } = LogExportFormat.Csv;

        /// <summary>Adds the rows to the end of the file; a CSV file must have the audit log's header.</summary>
        [Parameter]
        public SwitchParameter Append { get; set; }

        /// <summary>Refuses to replace an existing file.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Writes a summary of the export (Path, Format, Rows) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord() =>
            ExportLog(Path, Format, Append, NoClobber, PassThru, "audit log",
                options => Manager.Logs.ExportAudit(NewAuditFilter(), options, Cancellation));
    }
}
