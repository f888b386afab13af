using System;
using System.Diagnostics;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Verification;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// The embedded verifier and the service's metrics around it: every endpoint, HTTP or gRPC, verifies through here,
    /// so there is one verification path and one call row per verification.
    /// </summary>
    internal sealed class GatewayVerifier : IDisposable
    {
        private readonly KeyVerifier verifier;
        private readonly GatewayMetrics metrics;

        /// <summary>Opens the store now, so that a missing or unreadable one stops the service at start.</summary>
        internal GatewayVerifier(GatewaySettings settings)
        {
            verifier = new KeyVerifier(StoreOpener.Open(settings), ProtectionKeyFolder.ForCurrentUser(),
                new KeyVerifierOptions { StoreOutageTolerance = settings.StoreOutageTolerance });
            try
            {
                verifier.Open();
            }
            catch
            {
                verifier.Dispose();
                throw;
            }

            metrics = new GatewayMetrics(() => verifier.CallsQueued, () => verifier.CallsWritten, () => verifier.CallsDropped);
        }

        /// <summary>True while the store answers the verifier's background check.</summary>
        internal bool StoreReachable => verifier.IsStoreReachable;

        /// <summary>What last failed when the store was asked, or null.</summary>
        internal Exception LastStoreError => verifier.LastStoreError;

        /// <summary>Verifies one call and queues its call row.</summary>
        internal VerificationResult Verify(ForwardedCall call)
        {
            long started = Stopwatch.GetTimestamp();
            VerificationResult result = verifier.Verify(call.Key, call.RequiredScopes, call.Method, call.Path, call.ClientAddress);
            metrics.Observe(result.Reason, Stopwatch.GetElapsedTime(started));
            return result;
        }

        /// <summary>Writes the call rows still queued and closes the store.</summary>
        public void Dispose() => verifier.Dispose();
    }
}
