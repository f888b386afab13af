using System;
using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Get-ApiKeyRotationReminder: the rotation reminders that fell due in the last day (or -Window), one row per active
    /// key, step and recipient, for a runbook to mail. Stateless: run it once a window and each step is mailed once.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ApiKeyRotationReminder", DefaultParameterSetName = InWindow)]
    [OutputType(typeof(RotationReminder))]
    public sealed class GetApiKeyRotationReminderCommand : ApiKeyCmdletBase
    {
        private const string InWindow = "InWindow";
        private const string AllDue = "All";

        /// <summary>The moment to look from; now by default.</summary>
        [Parameter]
        public DateTimeOffset AsOf { get; set; }

        /// <summary>How far back from -AsOf a step's due time may lie; one day by default, to match a daily runbook.</summary>
        [Parameter(ParameterSetName = InWindow)]
        public TimeSpan Window { get; set; } = RotationReminders.DefaultWindow;

        /// <summary>Every step already due, however long ago.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllDue)]
        public SwitchParameter All { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            DateTimeOffset? asOf = IsBound(nameof(AsOf)) ? AsOf : (DateTimeOffset?)null;
            TimeSpan? window = All ? (TimeSpan?)null : Window;
            Run(() =>
            {
                foreach (RotationReminder reminder in Manager.Reminders.Get(asOf, window))
                {
                    WriteObject(reminder);
                }
            });
        }
    }
}
