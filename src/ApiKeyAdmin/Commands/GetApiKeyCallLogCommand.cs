using System;
using System.Management.Automation;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyCallLog: calls made with the account's keys in the past 7 days, newest first, streamed as read.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyCallLog")]
    [OutputType(typeof(CallRecord))]
    public sealed class GetApiKeyCallLogCommand : LogCommandBase
    {

        /// <summary>Only calls made with this key.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(KeyIdCompleter))]
        public string KeyId { get; set; }

        /// <summary>Only allowed or only denied calls.</summary>
        [Parameter]
        public CallOutcome Outcome { get; set; }

        /// <summary>Only calls whose reported response status is one of these.</summary>
        [Parameter]
        [ValidateRange(100, 599)]
        public int[] StatusCode { get; set; }

        /// <summary>Only calls with this HTTP method.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Method { get; set; }

        /// <summary>Only calls whose path matches this wildcard pattern (case-insensitive).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>At most this many calls, the newest.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int First { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            (DateTimeOffset since, DateTimeOffset? until) = CallLogRange();
            Run(() =>
            {
                var filter = new CallFilter
                {
                    Accounts = AccountNames,
                    KeyId = KeyId,
                    Since = since,
                    Until = until,
                    Outcome = IsBound(nameof(Outcome)) ? Outcome : (CallOutcome?)null,
                    StatusCodes = StatusCode,
                    Method = Method,
                    Path = Path == null ? null : PathPattern.Parse(Path),
                    First = IsBound(nameof(First)) ? First : (int?)null,
                };
                const string activity = "Reading the call log";
                long rows = 0;
                foreach (CallRecord call in Manager.Logs.ReadCalls(filter, Cancellation))
                {
                    WriteObject(call);
                    if (++rows % ApiKeyManager.ProgressInterval == 0)
                    {
                        WriteRowProgress(activity, rows);
                    }
                }

                if (rows >= ApiKeyManager.ProgressInterval)
                {
                    CompleteRowProgress(activity);
                }
            });
        }
    }
}
