using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>The filters every log command shares: accounts and a time range.</summary>
    public abstract class LogCommandBase : ApiKeyCmdletBase
    {
        /// <summary>Only entries about these accounts; wildcards allowed (escape one with a backtick).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountCompleter))]
        [SupportsWildcards]
        public string[] Account { get; set; }

        /// <summary>-Account as the filter takes it: exact names, patterns matched against the store's account names; null for all.</summary>
        protected IReadOnlyList<string> AccountNames =>
            AccountPatterns.Expand(Account, () => Manager.Completion.Values(CompletionSubject.Account).Select(v => v.Value));

        /// <summary>Only entries at or after this time.</summary>
        [Parameter]
        public DateTimeOffset Since { get; set; }

        /// <summary>Only entries before this time.</summary>
        [Parameter]
        public DateTimeOffset Until { get; set; }

        /// <summary>-Since, or null when it was not given.</summary>
        protected DateTimeOffset? SinceIfGiven => IsBound(nameof(Since)) ? Since : (DateTimeOffset?)null;

        /// <summary>-Until, or null when it was not given.</summary>
        protected DateTimeOffset? UntilIfGiven => IsBound(nameof(Until)) ? Until : (DateTimeOffset?)null;

        /// <summary>
        /// The call log's time range from -Since and -Until: InvalidTimeRange when -Since is after
        /// -Until; a warning when -Since reaches further back than the 7 days the log keeps, where it then starts.
        /// </summary>
        protected (DateTimeOffset Since, DateTimeOffset? Until) CallLogRange()
        {
            DateTimeOffset? since = SinceIfGiven;
            DateTimeOffset? until = UntilIfGiven;
            DateTimeOffset start = InRange(() => Manager.Logs.CallLogStart(since, until));
            if (since < start)
            {
                WriteWarning($"The call log keeps 7 days; calls before {start:u} are no longer kept, so the log starts there.");
            }

            return (start, until);
        }

        /// <summary>-Since and -Until as given, after the check that -Since is not after -Until.</summary>
        protected (DateTimeOffset? Since, DateTimeOffset? Until) AuditLogRange()
        {
            DateTimeOffset? since = SinceIfGiven;
            DateTimeOffset? until = UntilIfGiven;
            InRange(() =>
            {
                LogReader.CheckTimeRange(since, until);
                return 0;
            });
            return (since, until);
        }

        /// <summary>
        /// Writes a log to a file through the core after -WhatIf/-Confirm, with progress while it runs; the summary goes
        /// to the pipeline only with -PassThru, as Export-Csv writes nothing by default.
        /// </summary>
        protected void ExportLog(string path, LogExportFormat format, bool append, bool noClobber, bool passThru, string log,
            Func<LogExportOptions, LogExport> export)
        {
            string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!ShouldProcess(file, $"Export the {log}"))
            {
                return;
            }

            string activity = $"Exporting the {log}";
            var options = new LogExportOptions
            {
                Path = file,
                Format = format,
                Append = append,
                NoClobber = noClobber,
                Progress = rows => WriteRowProgress(activity, rows),
            };
            Run(() =>
            {
                LogExport done = export(options);
                if (done.Rows >= ApiKeyManager.ProgressInterval)
                {
                    CompleteRowProgress(activity);
                }

                WriteVerbose($"{done.Rows:N0} rows of the {log} written to '{done.Path}' as {done.Format}.");
                if (passThru)
                {
                    WriteObject(done);
                }
            });
        }

        // A time range that matches nothing stops the command, as a bad combination of arguments does.
        private T InRange<T>(Func<T> check)
        {
            try
            {
                return check();
            }
            catch (ApiKeyAdminException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
                // Not reached: ThrowTerminatingError always throws, which the compiler cannot know.
                throw;
            }
        }
    }
}
