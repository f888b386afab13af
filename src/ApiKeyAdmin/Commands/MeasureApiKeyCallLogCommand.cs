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
    public sealed class MeasureApiKeyCallLogCommand : LogCommandBase
    {
        /// <summary>Hour or Day (the default): the width of each row's interval, which starts on a UTC boundary.</summary>
        [Parameter]
        public CallInterval Interval { get; set; } = CallInterval.Day;

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            (DateTimeOffset since, DateTimeOffset? until) = CallLogRange();
            Run(() =>
            {
                var filter = new CallFilter { Accounts = AccountNames, Since = since, Until = until };
                foreach (CallVolume volume in Manager.Logs.MeasureCalls(filter, Interval, Cancellation))
                {
                    WriteObject(volume);
                }
            });
        }
    }
}
