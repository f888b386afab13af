using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyAuditLog: who viewed, created, rotated or deactivated which key, and when; newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyAuditLog")]
    [OutputType(typeof(AuditEntry))]
    public sealed class GetApiKeyAuditLogCommand : AuditLogCommandBase
    {
        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Run(() =>
            {
                foreach (AuditEntry entry in Manager.Logs.ReadAudit(NewAuditFilter(), Cancellation))
                {
                    WriteObject(entry);
                }
            });
        }
    }
}
