using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Test-ApiKeyAuditLog: checks the audit chain and names the first row altered, removed or inserted.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ApiKeyAuditLog")]
    [OutputType(typeof(AuditVerification))]
    public sealed class TestApiKeyAuditLogCommand : ApiKeyCmdletBase
    {
        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            const string activity = "Checking the audit chain";
            Run(() => WriteObject(Manager.Audit.Verify(Cancellation, rows => WriteRowProgress(activity, rows))));
            CompleteRowProgress(activity);
        }
    }
}
