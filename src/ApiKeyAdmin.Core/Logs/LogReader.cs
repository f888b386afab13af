using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The audit and call logs, streamed as the store reads them after the permission check. The rules of a log's time
    /// range live here: -Since after -Until is InvalidTimeRange, and the call log starts no earlier than its retention.
    /// </summary>
    public sealed class LogReader
    {
        private readonly StoreSession session;

        internal LogReader(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>The oldest moment the call log still holds.</summary>
        public DateTimeOffset CallRetentionStart => session.Clock.UtcNow - ApiKeyManager.CallRetention;

        /// <summary>Throws InvalidTimeRange when <paramref name="since"/> is after <paramref name="until"/>: nothing could match.</summary>
        public static void CheckTimeRange(DateTimeOffset? since, DateTimeOffset? until)
        {
            if (since > until)
            {
                throw Fail.InvalidTimeRange(since.Value, until.Value);
            }
        }

        /// <summary>
        /// The start of a call-log read from <paramref name="since"/> (checked against <paramref name="until"/>):
        /// the retention start when it is not given or reaches further back, where older calls are no longer kept.
        /// </summary>
        public DateTimeOffset CallLogStart(DateTimeOffset? since, DateTimeOffset? until)
        {
            CheckTimeRange(since, until);
            return ClampToRetention(since);
        }

        /// <summary>Streams audit rows as the store reads them, after the permission check.</summary>
        public IEnumerable<AuditEntry> ReadAudit(AuditFilter filter, CancellationToken cancellation)
        {
            CheckKeyId(filter.KeyId);
            filter.Accounts = KeyPolicy.NormalizeNames(filter.Accounts);
            if (!session.Exists)
            {
                return Enumerable.Empty<AuditEntry>();
            }

            session.Authorise(Operation.OnKeys("read the audit log", filter.Accounts, filter.KeyId));
            return session.Store.ReadAudit(filter, cancellation).Select(row => row.ToEntry());
        }

        /// <summary>Streams the past 7 days' calls as the store reads them, after the permission check.</summary>
        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation)
        {
            if (!AuthoriseCallRead(filter))
            {
                return Enumerable.Empty<CallRecord>();
            }

            return session.Store.ReadCalls(filter, cancellation);
        }

        /// <summary>
        /// Writes the past 7 days' calls that match the filter to a file, newest first, streamed from the store's reader
        /// after the permission check; the file is opened only once the read is allowed.
        /// </summary>
        public LogExport ExportCalls(CallFilter filter, LogExportOptions options, CancellationToken cancellation) =>
            LogFileWriter.Write(ReadCalls(filter, cancellation), LogColumns.Calls, options);

        /// <summary>Writes the audit rows that match the filter to a file, newest first, as <see cref="ExportCalls"/> does.</summary>
        public LogExport ExportAudit(AuditFilter filter, LogExportOptions options, CancellationToken cancellation) =>
            LogFileWriter.Write(ReadAudit(filter, cancellation), LogColumns.Audit, options);

        /// <summary>
        /// Counts the past 7 days' calls per interval and account, split by outcome, in the store; streamed oldest
        /// interval first, after the permission check. Intervals without calls have no row.
        /// </summary>
        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation)
        {
            if (!AuthoriseCallRead(filter))
            {
                return Enumerable.Empty<CallVolume>();
            }

            return session.Store.MeasureCalls(filter, interval, cancellation);
        }

        // A key id that cannot be one is refused before any store read; none given filters nothing.
        private static void CheckKeyId(string keyId)
        {
            if (!string.IsNullOrEmpty(keyId))
            {
                KeyPolicy.ValidateKeyId(keyId);
            }
        }

        // Older calls may still wait for the next prune; they are never returned.
        private DateTimeOffset ClampToRetention(DateTimeOffset? since)
        {
            DateTimeOffset retentionStart = CallRetentionStart;
            return since.HasValue && since.Value > retentionStart ? since.Value : retentionStart;
        }

        // False for a missing store, which has no calls.
        private bool AuthoriseCallRead(CallFilter filter)
        {
            CheckKeyId(filter.KeyId);
            filter.Accounts = KeyPolicy.NormalizeNames(filter.Accounts);
            filter.Since = ClampToRetention(filter.Since);
            if (!session.Exists)
            {
                return false;
            }

            session.Authorise(Operation.OnKeys("read the call log", filter.Accounts, filter.KeyId));
            return true;
        }
    }
}
