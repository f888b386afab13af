using System;
using System.Management.Automation;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// The call-log filters that Get-ApiKeyCallLog and Export-ApiKeyCallLog share. The request-path filter is each
    /// command's own, because Export-ApiKeyCallLog's -Path names the file it writes, as Export-Csv's does.
    /// </summary>
    public abstract class CallLogCommandBase : LogCommandBase
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

        /// <summary>At most this many calls, the newest.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int First { get; set; }

        /// <summary>
        /// The filter of the bound parameters and a request-path wildcard (or null); the time range is checked first,
        /// so a -Since after -Until stops the command before anything is read.
        /// </summary>
        protected CallFilter NewCallFilter(string requestPath)
        {
            (DateTimeOffset since, DateTimeOffset? until) = CallLogRange();
            return new CallFilter
            {
                Accounts = AccountNames,
                KeyId = KeyId,
                Since = since,
                Until = until,
                Outcome = IsBound(nameof(Outcome)) ? Outcome : (CallOutcome?)null,
                StatusCodes = StatusCode,
                Method = Method,
                Path = requestPath == null ? null : PathPattern.Parse(requestPath),
                First = IsBound(nameof(First)) ? First : (int?)null,
            };
        }
    }
}
