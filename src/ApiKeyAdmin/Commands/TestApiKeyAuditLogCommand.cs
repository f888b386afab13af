using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Test-ApiKeyAuditLog: checks the audit chain and names the first row altered, removed or inserted, or the rollback
    /// when the chain is behind what this host has seen or behind a checkpoint; -AcceptRollback accepts a deliberate restore.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ApiKeyAuditLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(AuditVerification))]
    public sealed class TestApiKeyAuditLogCommand : ApiKeyCmdletBase
    {
        /// <summary>A checkpoint file written by Export-ApiKeyAuditCheckpoint that the store must still reach.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Checkpoint { get; set; }

        /// <summary>Accept the store's current audit head on this host after a deliberate restore (Super Admin, audited).</summary>
        [Parameter]
        public SwitchParameter AcceptRollback { get; set; }

        /// <summary>Accept without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            const string activity = "Checking the audit chain";
            string checkpoint = Checkpoint == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Checkpoint);
            Run(() =>
            {
                if (AcceptRollback)
                {
                    if (!ShouldChange(Force, $"store {Manager.Location} on this host", "Accept the audit chain's current head, whatever this host saw before"))
                    {
                        return;
                    }

                    WriteVerbose($"Accepted the audit head; row {Manager.Audit.AcceptRollback()} records it.");
                }

                WriteObject(Manager.Audit.Verify(Cancellation, rows => WriteRowProgress(activity, rows), checkpoint));
            });
            CompleteRowProgress(activity);
        }
    }
}
