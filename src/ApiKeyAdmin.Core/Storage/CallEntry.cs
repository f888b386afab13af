using System;

namespace ApiKeyAdmin.Storage
{
    /// <summary>A call to be written: the verifier's view of one request.</summary>
    public sealed class CallEntry
    {
        /// <summary>When it was verified.</summary>
        public DateTimeOffset Timestamp { get; set; }

        /// <summary>The key's id when the key is known.</summary>
        public string KeyId { get; set; }

        /// <summary>The key's account when known.</summary>
        public string Account { get; set; }

        /// <summary>The key's kind when known.</summary>
        public KeyKind? Kind { get; set; }

        /// <summary>HTTP method.</summary>
        public string Method { get; set; }

        /// <summary>Request path.</summary>
        public string Path { get; set; }

        /// <summary>Caller address.</summary>
        public string ClientAddress { get; set; }

        /// <summary>Allowed or Denied.</summary>
        public CallOutcome Outcome { get; set; }

        /// <summary>Why.</summary>
        public VerificationReason Reason { get; set; }

        /// <summary>Reported response status.</summary>
        public int? StatusCode { get; set; }

        /// <summary>Reported duration in milliseconds.</summary>
        public double? DurationMs { get; set; }

        /// <summary>Fingerprint of an unknown key.</summary>
        public string KeyFingerprint { get; set; }

        /// <summary>A copy, for a row that must outlive the object it came in.</summary>
        internal CallEntry Copy() => (CallEntry)MemberwiseClone();
    }
}
