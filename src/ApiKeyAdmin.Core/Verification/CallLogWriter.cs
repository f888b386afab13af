using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// Writes call rows off the request path: rows queue in memory and one background thread writes them in a single
    /// transaction every flush interval, pruning expired rows in small batches at most once per prune interval.
    /// Dispose writes whatever is still queued, so nothing verified is lost on a clean shutdown.
    /// </summary>
    internal sealed class CallLogWriter : IDisposable
    {
        private const int MaxBatch = 10_000;
        private const int MaxQueued = 1_000_000;
        private static readonly TimeSpan MinPrunePause = TimeSpan.FromMilliseconds(2);

        private readonly IKeyStore store;
        private readonly KeyVerifierOptions options;
        private readonly ConcurrentQueue<CallEntry> queue = new ConcurrentQueue<CallEntry>();
        private readonly ManualResetEventSlim stopping = new ManualResetEventSlim();
        private readonly Thread worker;
        private readonly object flushLock = new object();
        private DateTimeOffset lastPrune = DateTimeOffset.MinValue;
        private long dropped;
        private int queued;

        internal CallLogWriter(IKeyStore store, KeyVerifierOptions options)
        {
            this.store = store;
            this.options = options;
            worker = new Thread(Run) { IsBackground = true, Name = "ApiKeyAdmin call log" };
            worker.Start();
        }

        /// <summary>Rows not written because the queue was full while the store could not be written.</summary>
        internal long Dropped => Interlocked.Read(ref dropped);

        /// <summary>The last failure to write, if the most recent attempt failed.</summary>
        internal Exception LastError { get; private set; }

        internal void Enqueue(CallEntry call)
        {
            // A counter of our own: ConcurrentQueue.Count walks the queue's segments under a lock on every call.
            if (Volatile.Read(ref queued) >= MaxQueued)
            {
                Interlocked.Increment(ref dropped);
                return;
            }

            Interlocked.Increment(ref queued);
            queue.Enqueue(call);
        }

        /// <summary>Writes everything queued so far.</summary>
        internal void Flush()
        {
            lock (flushLock)
            {
                var batch = new List<CallEntry>(Math.Min(Volatile.Read(ref queued), MaxBatch));
                while (true)
                {
                    batch.Clear();
                    while (batch.Count < MaxBatch && queue.TryDequeue(out CallEntry call))
                    {
                        batch.Add(call);
                    }

                    Interlocked.Add(ref queued, -batch.Count);

                    if (batch.Count == 0)
                    {
                        return;
                    }

                    try
                    {
                        store.AppendCalls(batch);
                        LastError = null;
                    }
                    catch (ApiKeyAdminException ex)
                    {
                        // The store is busy or full: keep the rows for the next flush rather than lose them.
                        LastError = ex;
                        foreach (CallEntry call in batch)
                        {
                            queue.Enqueue(call);
                        }

                        Interlocked.Add(ref queued, batch.Count);

                        return;
                    }
                }
            }
        }

        public void Dispose()
        {
            stopping.Set();
            worker.Join();
            Flush();
            stopping.Dispose();
        }

        private void Run()
        {
            while (!stopping.Wait(options.FlushInterval))
            {
                Flush();
                PruneIfDue();
            }
        }

        private void PruneIfDue()
        {
            DateTimeOffset now = options.Clock.UtcNow;
            if (now - lastPrune < options.PruneInterval)
            {
                return;
            }

            lastPrune = now;
            try
            {
                // Small batches, each its own short transaction, so writers never wait long behind a prune. Back to back,
                // batches starved other writers anyway: SQLite's busy handler retries on a schedule of sleeps, and found the
                // lock taken again almost every time (writers waited over a second behind 7 million expired rows). So
                // after each batch the lock stays free for three times as long as the batch held it, and this writer's
                // own queue is flushed on its usual schedule rather than after the whole prune.
                var watch = Stopwatch.StartNew();
                TimeSpan lastFlush = TimeSpan.Zero;
                while (!stopping.IsSet)
                {
                    TimeSpan started = watch.Elapsed;
                    if (store.PruneCalls(now - ApiKeyManager.CallRetention, options.PruneBatchSize) < options.PruneBatchSize)
                    {
                        break;
                    }

                    TimeSpan held = watch.Elapsed - started;
                    if (watch.Elapsed - lastFlush >= options.FlushInterval)
                    {
                        Flush();
                        lastFlush = watch.Elapsed;
                    }

                    stopping.Wait(TimeSpan.FromTicks(Math.Max(3 * held.Ticks, MinPrunePause.Ticks)));
                }
            }
            catch (ApiKeyAdminException ex)
            {
                LastError = ex;
            }
        }
    }
}
