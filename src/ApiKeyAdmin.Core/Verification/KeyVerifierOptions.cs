using System;

namespace ApiKeyAdmin.Verification
{
    /// <summary>How an embedded verifier caches and records.</summary>
    public sealed class KeyVerifierOptions
    {
        /// <summary>The time source; tests use their own.</summary>
        public IClock Clock { get; set; } = SystemClock.Instance;

        /// <summary>
        /// Write call rows in batches on a background thread (a service) instead of before Verify returns (Test-ApiKey).
        /// </summary>
        public bool BatchCalls { get; set; } = true;

        /// <summary>How long a batch waits before it is written: well within the one second the call log promises.</summary>
        public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>How often the cache asks the store whether keys changed; bounds how long a rotated key keeps verifying.</summary>
        public TimeSpan ChangeCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>How many distinct presented keys the cache remembers before it starts afresh.</summary>
        public int CacheCapacity { get; set; } = 100_000;

        /// <summary>How often the batch writer deletes calls older than the retention: at most once a minute.</summary>
        public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Rows deleted per pruning transaction, so the write lock is never held for long.</summary>
        public int PruneBatchSize { get; set; } = 2_000;
    }
}
