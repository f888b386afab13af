using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKeyCallLog: calls made with the account's keys in the past 7 days, newest first, streamed as read.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyCallLog")]
    [OutputType(typeof(CallRecord))]
    public sealed class GetApiKeyCallLogCommand : CallLogCommandBase
    {
        /// <summary>Only calls whose path matches this wildcard pattern (case-insensitive).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Run(() =>
            {
                const string activity = "Reading the call log";
                long rows = 0;
                foreach (CallRecord call in Manager.Logs.ReadCalls(NewCallFilter(Path), Cancellation))
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
