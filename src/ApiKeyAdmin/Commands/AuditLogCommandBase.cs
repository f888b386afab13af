using System;
using System.Management.Automation;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Commands
{
    /// <summary>The audit-log filters that Get-ApiKeyAuditLog and Export-ApiKeyAuditLog share.</summary>
    public abstract class AuditLogCommandBase : LogCommandBase
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

        /// <summary>The filter of the bound parameters, after the check that -Since is not after -Until.</summary>
        protected AuditFilter NewAuditFilter()
        {
            (DateTimeOffset? since, DateTimeOffset? until) = AuditLogRange();
            return new AuditFilter
            {
                Accounts = AccountNames,
                KeyId = KeyId,
                Actions = Action,
                Actor = Actor,
                Since = since,
                Until = until,
                First = IsBound(nameof(First)) ? First : (int?)null,
            };
        }
    }
}
