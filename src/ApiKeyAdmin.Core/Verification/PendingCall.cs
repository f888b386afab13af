using System;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>A verified call whose response the service may still report; recorded once, on Complete or Dispose.</summary>
    public sealed class PendingCall : IDisposable
    {
        private readonly KeyVerifier verifier;
        private readonly CallEntry call;
        private bool recorded;

        internal PendingCall(KeyVerifier verifier, CallEntry call, VerificationResult result)
        {
            this.verifier = verifier;
            this.call = call;
            Result = result;
        }

        /// <summary>The verification's answer.</summary>
        public VerificationResult Result { get; }

        /// <summary>Records the call with the response's status and duration.</summary>
        public void Complete(int statusCode, TimeSpan duration)
        {
            call.StatusCode = statusCode;
            call.DurationMs = duration.TotalMilliseconds;
            Dispose();
        }

        /// <summary>Records the call as it stands, if it has not been recorded yet.</summary>
        public void Dispose()
        {
            if (!recorded)
            {
                recorded = true;
                verifier.Record(call);
            }
        }
    }
}
