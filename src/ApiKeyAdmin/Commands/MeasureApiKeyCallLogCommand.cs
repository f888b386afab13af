using System;
using System.Management.Automation;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Measure-ApiKeyCallLog: calls per hour or day and account over the past 7 days, split into allowed and denied,
    /// counted by the database; oldest interval first, intervals without calls left out.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "ApiKeyCallLog")]
    [OutputType(typeof(CallVolume))]
    public sealed class MeasureApiKeyCallLogCommand : ApiKeyCmdletBase
    {
        /// <summary>Only calls made with keys of these accounts.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountCompleter))]
        public string[] Account { get; set; }

        /// <summary>Only calls at or after this time; the log keeps 7 days.</summary>
        [Parameter]
        public DateTimeOffset Since { get; set; }

        /// <summary>Only calls before this time.</summary>
        [Parameter]
        public DateTimeOffset Until { get; set; }

        /// <summary>Hour or Day: the width of each row's interval, which starts on a UTC boundary.</summary>
        [Parameter(Mandatory = true)]
        public CallInterval Interval { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            (DateTimeOffset since, DateTimeOffset? until) = CallLogRange(
                Bound(nameof(Since)) ? Since : (DateTimeOffset?)null, Bound(nameof(Until)) ? Until : (DateTimeOffset?)null);
            Run(() =>
            {
                var filter = new CallFilter { Accounts = Account, Since = since, Until = until };
                foreach (CallVolume volume in Manager.MeasureCalls(filter, Interval, Cancellation))
                {
                    WriteObject(volume);
                }
            });
        }

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
    }
}
