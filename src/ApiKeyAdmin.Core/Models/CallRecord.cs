using System;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin
{
    /// <summary>One call made with a key, as the call log keeps it for 7 days.</summary>
    public sealed class CallRecord
    {
        /// <summary>Creates a call record.</summary>
        public CallRecord(
            DateTimeOffset timestamp, string account, string keyId, KeyKind? kind, string method, string path,
            string clientAddress, CallOutcome outcome, VerificationReason reason, int? statusCode, double? durationMs,
            string keyFingerprint)
        {
            Timestamp = timestamp;
            // Escaped when read too: rows written before call fields were escaped may hold raw control characters.
            Account = SafeText.Escape(account) ?? string.Empty;
            KeyId = SafeText.Escape(keyId) ?? string.Empty;
            Kind = kind;
            Method = SafeText.Escape(method) ?? string.Empty;
            Path = SafeText.Escape(path) ?? string.Empty;
            ClientAddress = SafeText.Escape(clientAddress) ?? string.Empty;
            Outcome = outcome;
            Reason = reason;
            StatusCode = statusCode;
            DurationMs = durationMs;
            KeyFingerprint = keyFingerprint ?? string.Empty;
        }

        /// <summary>When the call was verified (UTC).</summary>
        public DateTimeOffset Timestamp { get; }

        /// <summary>The key's account; empty when the key was unknown or malformed.</summary>
        public string Account { get; }

        /// <summary>The key's id; empty when the key was unknown or malformed.</summary>
        public string KeyId { get; }

        /// <summary>The key's kind, when known.</summary>
        public KeyKind? Kind { get; }

        /// <summary>The HTTP method, as the service reported it.</summary>
        public string Method { get; }

        /// <summary>The request path, as the service reported it.</summary>
        public string Path { get; }

        /// <summary>The caller's address, as the service reported it.</summary>
        public string ClientAddress { get; }

        /// <summary>Allowed or Denied.</summary>
        public CallOutcome Outcome { get; }

        /// <summary>Why.</summary>
        public VerificationReason Reason { get; }

        /// <summary>The response status the service reported, if any.</summary>
        public int? StatusCode { get; }

        /// <summary>The duration the service reported, in milliseconds, if any.</summary>
        public double? DurationMs { get; }

        /// <summary>For calls with unknown keys: a short fingerprint of what was presented, never the key.</summary>
        public string KeyFingerprint { get; }
    }
}
