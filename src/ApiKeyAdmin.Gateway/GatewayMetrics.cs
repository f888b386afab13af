using System;
using Prometheus;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// The service's Prometheus metrics, served at /metrics by prometheus-net: verifications by outcome and reason, their
    /// latency, and the verifier's call rows queued, written and dropped, read from it at each scrape.
    /// </summary>
    internal sealed class GatewayMetrics
    {
        private readonly Counter.Child[] byReason;
        private readonly Histogram latency;

        internal GatewayMetrics(Func<long> queued, Func<long> written, Func<long> dropped)
        {
            Counter verifications = Metrics.CreateCounter("apikeyadmin_gateway_verifications_total",
                "Verifications answered, by outcome and the verifier's reason.", "outcome", "reason");
            VerificationReason[] reasons = Enum.GetValues<VerificationReason>();
            byReason = new Counter.Child[reasons.Length];
            foreach (VerificationReason reason in reasons)
            {
                // Every series from the start, so that a rate over a reason not yet seen is 0 rather than absent.
                byReason[(int)reason] = verifications.WithLabels(reason == VerificationReason.Valid ? "allowed" : "denied", reason.ToString());
                byReason[(int)reason].Publish();
            }

            latency = Metrics.CreateHistogram("apikeyadmin_gateway_verification_duration_seconds",
                "Time to verify a key, the call row's queueing included.",
                new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.000_002, 2, 16) });
            Gauge queuedRows = Metrics.CreateGauge("apikeyadmin_gateway_call_rows_queued", "Call rows waiting to be written to the store.");
            Counter writtenRows = Metrics.CreateCounter("apikeyadmin_gateway_call_rows_written_total", "Call rows written to the store.");
            Counter droppedRows = Metrics.CreateCounter("apikeyadmin_gateway_call_rows_dropped_total",
                "Call rows dropped because the queue was full while the store could not be written.");
            Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
            {
                queuedRows.Set(queued());
                writtenRows.IncTo(written());
                droppedRows.IncTo(dropped());
            });
        }

        /// <summary>Counts one verification and its duration.</summary>
        internal void Observe(VerificationReason reason, TimeSpan elapsed)
        {
            byReason[(int)reason].Inc();
            latency.Observe(elapsed.TotalSeconds);
        }
    }
}
