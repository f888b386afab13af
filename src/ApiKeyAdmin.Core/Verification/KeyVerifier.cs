using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// What a service calls on every request: is this key good for this call? Malformed keys are refused before any
    /// store read; known keys are answered from memory; a background check sees a key or sunset changed by any process
    /// within <see cref="KeyVerifierOptions.ChangeCheckInterval"/> (at once where the store announces changes); every
    /// call is recorded in the call log. While the store is unreachable, keys in memory keep their answers for
    /// <see cref="KeyVerifierOptions.StoreOutageTolerance"/> and every other key is refused with StoreUnavailable. A store
    /// whose audit chain is behind what this host has seen (checked at start and on each reload) refuses every key with
    /// StoreRolledBack. Thread-safe.
    /// </summary>
    /// <example>
    /// <code>
    /// using var verifier = new KeyVerifier(new SqliteKeyStore(path), ProtectionKeyFolder.ForCurrentUser());
    /// VerificationResult result = verifier.Verify(presentedKey, "GET", "/contacts", "203.0.113.7");
    /// if (!result.IsValid) return Unauthorized();
    /// </code>
    /// </example>
    public sealed class KeyVerifier : IDisposable
    {
        private const int FingerprintInputLimit = 256;

        // Each request's hash, without an array per request.
        [ThreadStatic]
        private static byte[] hashBuffer;

        private readonly IKeyStore store;
        private readonly HostStateFolder hostState;
        private readonly KeyVerifierOptions options;
        private readonly CallLogWriter writer;
        private readonly ConcurrentDictionary<HashKey, CachedKey> cache = new ConcurrentDictionary<HashKey, CachedKey>();
        private readonly object storeLock = new object();
        private readonly long toleranceTicks;
        private readonly long checkIntervalTicks;
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private Thread watcher;
        private readonly StoreTrustLoader trustLoader;
        private StoreTrust trust;
        private RollbackGuard rollback;
        private long generation;
        private long epoch;
        private long lastHeardTicks;
        private long retryAfterTicks;
        private long sunsetMs = long.MaxValue;
        private volatile bool storeFailing;
        private volatile Exception lastStoreError;

        /// <summary>
        /// A verifier over a store; StoreNotFound when the store is reachable and does not exist, so that a service with a
        /// typo in its store path stops instead of refusing every key. Otherwise the store is opened on first use (or by
        /// <see cref="Open"/>). <paramref name="hostState"/> (default: the OS user's) remembers the audit head this host
        /// has seen and the store's pinned signing key.
        /// </summary>
        public KeyVerifier(IKeyStore store, ProtectionKeyFolder keyFolder, KeyVerifierOptions options = null, HostStateFolder hostState = null)
        {
            this.store = store ?? throw new ArgumentNullException(nameof(store));
            this.hostState = hostState ?? HostStateFolder.ForCurrentUser();
            this.options = options ?? new KeyVerifierOptions();
            this.options.Validate(nameof(options));
            trustLoader = new StoreTrustLoader(store, keyFolder ?? throw new ArgumentNullException(nameof(keyFolder)), this.hostState);
            toleranceTicks = (long)(this.options.StoreOutageTolerance.TotalSeconds * Stopwatch.Frequency);
            checkIntervalTicks = (long)(this.options.ChangeCheckInterval.TotalSeconds * Stopwatch.Frequency);
            if (!MayExist(store))
            {
                // The verifier owns the store it was given; one that never starts closes it at once.
                store.Dispose();
                throw Fail.StoreNotFound(store.Location);
            }

            if (this.options.BatchCalls)
            {
                writer = new CallLogWriter(store, this.options);
            }
        }

        /// <summary>The last failure to reach the store, whether or not it has answered since; null if it never failed.</summary>
        public Exception LastStoreError => lastStoreError;

        /// <summary>The last failure to write call rows, or null when the last write worked.</summary>
        public Exception LastCallLogError => writer?.LastError;

        /// <summary>True once the store was reached and while its background check answers; false during an outage.</summary>
        public bool IsStoreReachable => trust != null && !storeFailing;

        /// <summary>Call rows waiting to be written (a batching verifier's queue); zero for one that writes at once.</summary>
        public long CallsQueued => writer?.Queued ?? 0;

        /// <summary>Call rows a batching verifier has written so far.</summary>
        public long CallsWritten => writer?.Written ?? 0;

        /// <summary>Call rows a batching verifier dropped because its queue was full while the store could not be written.</summary>
        public long CallsDropped => writer?.Dropped ?? 0;

        /// <summary>
        /// Reaches the store and loads what it trusts key rows by now rather than on the first call, so that a service
        /// stops at start on a missing or unreadable store: StoreNotFound, or the store's or key file's own error.
        /// </summary>
        public void Open()
        {
            if (!EnsureStoreKnown())
            {
                throw Fail.StoreNotFound(store.Location);
            }
        }

        /// <summary>Verifies a presented key for one call and records the call. Never throws on a bad key.</summary>
        public VerificationResult Verify(string presentedKey, string method = null, string path = null, string clientAddress = null) =>
            Verify(presentedKey, Array.Empty<string>(), method, path, clientAddress);

        /// <summary>
        /// Verifies a presented key for a call that needs every one of <paramref name="requiredScopes"/>, and records the
        /// call: an app token without one is refused with InsufficientScope; standard and developer keys hold every scope.
        /// </summary>
        public VerificationResult Verify(string presentedKey, IReadOnlyCollection<string> requiredScopes, string method = null, string path = null, string clientAddress = null)
        {
            // Recorded at once, as disposing Begin's PendingCall would; queued as a struct, without any object per call.
            QueuedCall call = Call(presentedKey, requiredScopes, method, path, clientAddress, out VerificationResult result);
            if (writer == null)
            {
                Record(call.ToEntry());
            }
            else if (trust != null)
            {
                writer.Enqueue(in call);
            }

            return result;
        }

        /// <summary>
        /// Verifies a presented key and returns the pending call, so that the service can report the response's status
        /// and duration with <see cref="PendingCall.Complete"/>; disposing it records the call as it stands.
        /// </summary>
        public PendingCall Begin(string presentedKey, string method, string path, string clientAddress) =>
            Begin(presentedKey, Array.Empty<string>(), method, path, clientAddress);

        /// <summary>
        /// As <see cref="Begin(string, string, string, string)"/>, for a call that needs every one of <paramref name="requiredScopes"/>.
        /// Scope names are compared as given; a name that is not a valid scope is held by no app token.
        /// </summary>
        public PendingCall Begin(string presentedKey, IReadOnlyCollection<string> requiredScopes, string method, string path, string clientAddress)
        {
            QueuedCall call = Call(presentedKey, requiredScopes, method, path, clientAddress, out VerificationResult result);
            return new PendingCall(this, call.ToEntry(), result);
        }

        private QueuedCall Call(string presentedKey, IReadOnlyCollection<string> requiredScopes, string method, string path, string clientAddress, out VerificationResult result)
        {
            DateTimeOffset now = options.Clock.UtcNow;
            result = Decide(presentedKey, requiredScopes ?? Array.Empty<string>(), now, out CachedKey entry);
            var call = new QueuedCall
            {
                Timestamp = now,
                Account = entry?.Record.Account,
                KeyId = entry?.Record.KeyId,
                Kind = entry?.Record.Kind,
                Method = CallFields.Method(method),
                Path = CallFields.Path(path),
                ClientAddress = CallFields.ClientAddress(clientAddress),
                Outcome = result.IsValid ? CallOutcome.Allowed : CallOutcome.Denied,
                Reason = result.Reason,
            };
            StoreTrust known = trust;
            if (entry == null && presentedKey != null && known != null)
            {
                string sample = presentedKey.Length > FingerprintInputLimit ? presentedKey.Substring(0, FingerprintInputLimit) : presentedKey;
                call.KeyFingerprint = SecretHash.Fingerprint(sample, known.FingerprintKey);
            }

            return call;
        }

        /// <summary>Writes every call recorded so far.</summary>
        public void Flush() => writer?.Flush();

        /// <summary>Writes the calls still queued and closes the store.</summary>
        public void Dispose()
        {
            stopping.Cancel();
            watcher?.Join();
            writer?.Dispose();
            store.Dispose();
            stopping.Dispose();
        }

        internal void Record(CallEntry call)
        {
            if (trust == null)
            {
                // No store (or no trust in it yet): there is no call log to write to.
                return;
            }

            if (writer != null)
            {
                writer.Enqueue(call);
            }
            else
            {
                lock (storeLock)
                {
                    store.AppendCalls(new[] { call });
                }
            }
        }

        private VerificationResult Decide(string presentedKey, IReadOnlyCollection<string> requiredScopes, DateTimeOffset now, out CachedKey entry)
        {
            entry = null;
            bool shaped = KeyFormat.HasShape(presentedKey, out _);
            bool storeKnown;
            if (trust == null && writer != null && storeFailing && Stopwatch.GetTimestamp() < Volatile.Read(ref retryAfterTicks))
            {
                // The store has not been reached yet and failed a moment ago: this request does not wait for it again.
                return VerificationResult.Refused(WellFormedOr(presentedKey, VerificationReason.StoreUnavailable));
            }

            try
            {
                // Also for a malformed key: its call row needs the store's keys for the fingerprint.
                storeKnown = EnsureStoreKnown();
            }
            catch (Exception ex)
            {
                Unavailable(ex);
                return VerificationResult.Refused(WellFormedOr(presentedKey, VerificationReason.StoreUnavailable));
            }

            if (!shaped)
            {
                return VerificationResult.Refused(VerificationReason.Malformed);
            }

            if (!storeKnown)
            {
                // The store went away after the start: a one-shot verifier says so, a service's refuses and reports it.
                Unavailable(Fail.StoreNotFound(store.Location));
                return VerificationResult.Refused(WellFormedOr(presentedKey, VerificationReason.StoreUnavailable));
            }

            VerificationResult rolledBack = rollback?.Refusal(presentedKey, oneShot: writer == null);
            if (rolledBack != null)
            {
                return rolledBack;
            }

            byte[] hash = hashBuffer ?? (hashBuffer = new byte[32]);
            SecretHash.Compute(presentedKey, hash);
            var cacheKey = new HashKey(hash);
            long currentEpoch = Volatile.Read(ref epoch);
            bool heardLately = Stopwatch.GetTimestamp() - Volatile.Read(ref lastHeardTicks) <= toleranceTicks;
            if (cache.TryGetValue(cacheKey, out CachedKey cached) && cached.Epoch == currentEpoch && heardLately)
            {
                // Answered from memory: the common case, with no store access. Only well-formed keys are ever cached, and
                // the same hash means the same string, so the checksum check (a tenth of a verification) is not repeated.
            }
            else if (!KeyFormat.IsWellFormed(presentedKey, out _))
            {
                // A typo or a forgery: refused before any store read.
                return VerificationResult.Refused(VerificationReason.Malformed);
            }
            else if (storeFailing && writer != null)
            {
                // The background check is failing: asking the store again would only make this request wait for it.
                return VerificationResult.Refused(VerificationReason.StoreUnavailable);
            }
            else
            {
                try
                {
                    cached = Load((byte[])hash.Clone(), currentEpoch);
                }
                catch (Exception ex)
                {
                    Unavailable(ex);
                    return VerificationResult.Refused(VerificationReason.StoreUnavailable);
                }

                if (cache.Count >= options.CacheCapacity)
                {
                    // Random well-formed keys must not grow memory without bound.
                    cache.Clear();
                }

                cache[cacheKey] = cached;
            }

            if (cached.Record == null || !SecretHash.FixedTimeEquals(cached.Record.SecretHash, hash))
            {
                return VerificationResult.Refused(VerificationReason.Unknown);
            }

            entry = cached;
            KeyRecord key = cached.Record;
            KeyStatus status = key.StatusAt(now);
            VerificationReason reason = status != KeyStatus.Deactivated ? VerificationReason.Valid
                : key.StoredStatus == KeyStatus.Expiring ? VerificationReason.Expired : VerificationReason.Deactivated;
            if (reason == VerificationReason.Valid && key.Kind == KeyKind.Standard && now.ToUnixTimeMilliseconds() >= Interlocked.Read(ref sunsetMs))
            {
                reason = VerificationReason.Sunset;
            }
            else if (reason == VerificationReason.Valid && key.Kind == KeyKind.AppToken && !cached.HoldsAll(requiredScopes))
            {
                reason = VerificationReason.InsufficientScope;
            }

            // Results are immutable: every call with the same good key shares one.
            return reason == VerificationReason.Valid ? cached.Valid : new VerificationResult(false, key.Account, key.KeyId, key.Kind, reason);
        }

        // False only when the store answered that it does not exist; a store that cannot be asked now is an outage, which
        // the verifier rides out as it does later ones.
        private static bool MayExist(IKeyStore store)
        {
            try
            {
                return store.Exists;
            }
            catch (Exception)
            {
                return true;
            }
        }

        private static VerificationReason WellFormedOr(string presentedKey, VerificationReason reason) =>
            KeyFormat.IsWellFormed(presentedKey, out _) ? reason : VerificationReason.Malformed;

        // The epoch is read before the store, so a change committed during the read leaves the entry one epoch behind
        // the background check, which then drops it.
        private CachedKey Load(byte[] hash, long loadEpoch)
        {
            lock (storeLock)
            {
                KeyRecord record = store.FindKeyByHash(hash);
                // A row edited outside ApiKeyAdmin verifies as no key at all.
                return new CachedKey(record != null && KeyIntegrity.IsIntact(trust, record) ? record : null, loadEpoch);
            }
        }

        private bool EnsureStoreKnown()
        {
            if (trust != null)
            {
                return true;
            }

            lock (storeLock)
            {
                if (trust == null && store.Exists)
                {
                    string storeId = store.Read(StoreSettings.ReadStoreId);
                    if (storeId != null)
                    {
                        // The baseline is taken before any key is read, so no change can fall between them unseen.
                        long heard = Stopwatch.GetTimestamp();
                        generation = store.ChangeCounter();
                        rollback = new RollbackGuard(hostState, store.Location);
                        rollback.Check(store);
                        StoreTrust loaded = LoadState();
                        Volatile.Write(ref lastHeardTicks, heard);
                        storeFailing = false;
                        trust = loaded;
                        watcher = new Thread(Watch) { IsBackground = true, Name = "ApiKeyAdmin key changes" };
                        watcher.Start();
                    }
                }

                return trust != null;
            }
        }

        // The background check: one counter read per interval, or sooner when the store announces a change. Requests
        // never wait for it.
        private void Watch()
        {
            CancellationToken cancellation = stopping.Token;
            while (!cancellation.IsCancellationRequested)
            {
                long started = Stopwatch.GetTimestamp();
                try
                {
                    CheckForChanges();
                    Volatile.Write(ref lastHeardTicks, started);
                    storeFailing = false;
                }
                catch (Exception ex)
                {
                    Failed(ex);
                    cancellation.WaitHandle.WaitOne(options.ChangeCheckInterval);
                    continue;
                }

                try
                {
                    store.WaitForChange(options.ChangeCheckInterval, cancellation);
                }
                catch (Exception ex)
                {
                    // Announcements lost: the counter read of the next round still sees every change.
                    lastStoreError = ex;
                    cancellation.WaitHandle.WaitOne(options.ChangeCheckInterval);
                }
            }
        }

        private void CheckForChanges()
        {
            long current;
            lock (storeLock)
            {
                current = store.ChangeCounter();
                if (current != generation)
                {
                    // The counter moves for key rows, the sunset and the store's signing alike (a restored store moves it too).
                    // Settings whose signed tag is the one already checked hold what this verifier already uses, so only a
                    // new tag (or none) is read again.
                    rollback.Check(store);
                    string tag = store.Read(tx => tx.GetSetting(StoreSettings.SettingsTag));
                    if (tag == null || tag != trustLoader.CheckedSettingsTag)
                    {
                        trust = LoadState();
                    }
                }
            }

            if (current != generation)
            {
                generation = current;
                Interlocked.Increment(ref epoch);
                cache.Clear();
            }
        }

        private void Failed(Exception ex)
        {
            // The error last: whoever sees it also sees the state it caused.
            Volatile.Write(ref retryAfterTicks, Stopwatch.GetTimestamp() + checkIntervalTicks);
            storeFailing = true;
            lastStoreError = ex;
        }

        // A service's verifier answers every request, refusing what it cannot decide; a one-shot verifier (Test-ApiKey)
        // throws the store's failure, which is the more useful answer at a prompt.
        private void Unavailable(Exception ex)
        {
            Failed(ex);
            if (writer == null)
            {
                ExceptionDispatchInfo.Capture(ex).Throw();
            }
        }

        // Called under storeLock: what rows are checked with from now on, and the sunset.
        private StoreTrust LoadState()
        {
            (StoreTrust next, DateTimeOffset? sunset) = trustLoader.Load(trust);
            Interlocked.Exchange(ref sunsetMs, sunset?.ToUnixTimeMilliseconds() ?? long.MaxValue);
            return next;
        }
    }
}
