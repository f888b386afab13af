using System;
using System.Management.Automation;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyAuditLog: who viewed, created, rotated or deactivated which key, and when; newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyAuditLog")]
    [OutputType(typeof(AuditEntry))]
    public sealed class GetApiKeyAuditLogCommand : LogCommandBase
    {

        /// <summary>Only rows about this key.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(KeyIdCompleter))]
        public string KeyId { get; set; }

        /// <summary>Only rows of these actions.</summary>
        [Parameter]
        public AuditAction[] Action { get; set; }

        /// <summary>Only rows by this user.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Actor { get; set; }

        /// <summary>At most this many rows, the newest.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int First { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            (DateTimeOffset? since, DateTimeOffset? until) = AuditLogRange();

            Run(() =>
            {
                var filter = new AuditFilter
                {
                    Accounts = AccountNames,
                    KeyId = KeyId,
                    Actions = Action,
                    Actor = Actor,
                    Since = since,
                    Until = until,
                    First = IsBound(nameof(First)) ? First : (int?)null,
                };
                foreach (AuditEntry entry in Manager.Logs.ReadAudit(filter, Cancellation))
                {
                    WriteObject(entry);
                }
            });
        }
    }
}
