using System;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// A call waiting in the batch writer's queue: a struct in an array rather than an object per call, so that a busy
    /// verifier's queue (up to a million calls) is not a million objects for the garbage collector to promote and trace.
    /// Turned into a <see cref="CallEntry"/> on the writer's thread, batch by batch.
    /// </summary>
    internal struct QueuedCall
    {
        internal DateTimeOffset Timestamp;
        internal string Account;
        internal string KeyId;
        internal KeyKind? Kind;
        internal string Method;
        internal string Path;
        internal string ClientAddress;
        internal CallOutcome Outcome;
        internal VerificationReason Reason;
        internal int? StatusCode;
        internal double? DurationMs;
        internal string KeyFingerprint;

        internal static QueuedCall From(CallEntry call) => new QueuedCall
        {
            Timestamp = call.Timestamp,
            Account = call.Account,
            KeyId = call.KeyId,
            Kind = call.Kind,
            Method = call.Method,
            Path = call.Path,
            ClientAddress = call.ClientAddress,
            Outcome = call.Outcome,
            Reason = call.Reason,
            StatusCode = call.StatusCode,
            DurationMs = call.DurationMs,
            KeyFingerprint = call.KeyFingerprint,
        };

        internal CallEntry ToEntry()
        {
            var entry = new CallEntry();
            CopyTo(entry);
            return entry;
        }

        /// <summary>Fills an existing entry, so that the writer can reuse its batch's objects.</summary>
        internal void CopyTo(CallEntry entry)
        {
            entry.Timestamp = Timestamp;
            entry.Account = Account;
            entry.KeyId = KeyId;
            entry.Kind = Kind;
            entry.Method = Method;
            entry.Path = Path;
            entry.ClientAddress = ClientAddress;
            entry.Outcome = Outcome;
            entry.Reason = Reason;
            entry.StatusCode = StatusCode;
            entry.DurationMs = DurationMs;
            entry.KeyFingerprint = KeyFingerprint;
        }
    }
}
