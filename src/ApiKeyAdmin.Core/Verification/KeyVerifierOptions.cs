using System;

namespace ApiKeyAdmin.Verification
{
    /// <summary>How an embedded verifier caches and records.</summary>
    public sealed class KeyVerifierOptions
    {
        private static readonly TimeSpan MinOutageTolerance = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan MaxOutageTolerance = TimeSpan.FromHours(1);

        /// <summary>The time source; tests use their own.</summary>
        public IClock Clock { get; set; } = SystemClock.Instance;

        /// <summary>
        /// Write call rows in batches on a background thread (a service) instead of before Verify returns (Test-ApiKey).
        /// A batching verifier never throws: a store it cannot reach makes it refuse with StoreUnavailable (see
        /// <see cref="StoreOutageTolerance"/>); the other kind throws the store's error.
        /// </summary>
        public bool BatchCalls { get; set; } = true;

        /// <summary>How long a batch waits before it is written: well within the one second the call log promises.</summary>
        public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// How often the verifier's background check asks the store whether keys changed; bounds how long a rotated key
        /// keeps verifying. A PostgreSQL store also announces changes, which are then seen at once.
        /// </summary>
        public TimeSpan ChangeCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// For a batching verifier, how long keys already in memory keep being answered after the store last answered a change check: a store
        /// that is briefly unreachable does not take the service down with it. A key whose lookup needs the store is
        /// refused with StoreUnavailable at once; once this time is over, every key is. A key the verifier knows to be
        /// deactivated is refused throughout. Between one second and one hour.
        /// </summary>
        public TimeSpan StoreOutageTolerance { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>How many distinct presented keys the cache remembers before it starts afresh.</summary>
        public int CacheCapacity { get; set; } = 100_000;

        /// <summary>How often the batch writer deletes calls older than the retention: at most once a minute.</summary>
        public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Rows deleted per pruning transaction, so the write lock is never held for long.</summary>
        public int PruneBatchSize { get; set; } = 2_000;

        // ArgumentOutOfRangeException naming the verifier's parameter for a setting no verifier can work with.
        internal void Validate(string parameterName)
        {
            if (ChangeCheckInterval <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(parameterName, ChangeCheckInterval, "ChangeCheckInterval must be positive.");
            }

            if (StoreOutageTolerance < MinOutageTolerance || StoreOutageTolerance > MaxOutageTolerance)
            {
                throw new ArgumentOutOfRangeException(parameterName, StoreOutageTolerance, "StoreOutageTolerance must be between one second and one hour.");
            }
        }
    }
}
