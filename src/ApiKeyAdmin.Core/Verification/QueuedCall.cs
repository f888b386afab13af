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

        internal CallEntry ToEntry() => new CallEntry
        {
            Timestamp = Timestamp,
            Account = Account,
            KeyId = KeyId,
            Kind = Kind,
            Method = Method,
            Path = Path,
            ClientAddress = ClientAddress,
            Outcome = Outcome,
            Reason = Reason,
            StatusCode = StatusCode,
            DurationMs = DurationMs,
            KeyFingerprint = KeyFingerprint,
        };
    }
}
