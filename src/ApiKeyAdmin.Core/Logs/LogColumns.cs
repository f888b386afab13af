namespace ApiKeyAdmin
{
    /// <summary>
    /// The columns of the exported logs: the properties of CallRecord and AuditEntry, in their declared order, so an
    /// export has the header that Get-ApiKeyCallLog | Export-Csv writes (the module's tests hold the two together).
    /// </summary>
    internal static class LogColumns
    {
        internal static readonly LogColumn<CallRecord>[] Calls =
        {
            new LogColumn<CallRecord>(nameof(CallRecord.Timestamp), c => c.Timestamp),
            new LogColumn<CallRecord>(nameof(CallRecord.Account), c => c.Account),
            new LogColumn<CallRecord>(nameof(CallRecord.KeyId), c => c.KeyId),
            new LogColumn<CallRecord>(nameof(CallRecord.Kind), c => c.Kind),
            new LogColumn<CallRecord>(nameof(CallRecord.Method), c => c.Method),
            new LogColumn<CallRecord>(nameof(CallRecord.Path), c => c.Path),
            new LogColumn<CallRecord>(nameof(CallRecord.ClientAddress), c => c.ClientAddress),
            new LogColumn<CallRecord>(nameof(CallRecord.Outcome), c => c.Outcome),
            new LogColumn<CallRecord>(nameof(CallRecord.Reason), c => c.Reason),
            new LogColumn<CallRecord>(nameof(CallRecord.StatusCode), c => c.StatusCode),
            new LogColumn<CallRecord>(nameof(CallRecord.DurationMs), c => c.DurationMs),
            new LogColumn<CallRecord>(nameof(CallRecord.KeyFingerprint), c => c.KeyFingerprint),
        };

        internal static readonly LogColumn<AuditEntry>[] Audit =
        {
            new LogColumn<AuditEntry>(nameof(AuditEntry.Sequence), a => a.Sequence),
            new LogColumn<AuditEntry>(nameof(AuditEntry.Timestamp), a => a.Timestamp),
            new LogColumn<AuditEntry>(nameof(AuditEntry.Account), a => a.Account),
            new LogColumn<AuditEntry>(nameof(AuditEntry.KeyId), a => a.KeyId),
            new LogColumn<AuditEntry>(nameof(AuditEntry.Action), a => a.Action),
            new LogColumn<AuditEntry>(nameof(AuditEntry.Actor), a => a.Actor),
            new LogColumn<AuditEntry>(nameof(AuditEntry.Detail), a => a.Detail),
        };
    }
}
