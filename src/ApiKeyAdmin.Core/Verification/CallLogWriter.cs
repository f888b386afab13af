using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// Writes call rows off the request path: rows queue in memory (structs in an array, appended under a short lock)
    /// and one background thread writes them in a single transaction every flush interval, pruning expired rows in small batches at most once per prune interval.
    /// Dispose writes whatever is still queued, so nothing verified is lost on a clean shutdown.
    /// </summary>
    internal sealed class CallLogWriter : IDisposable
    {
        private const int MaxBatch = 10_000;
        private const int MaxQueued = 1_000_000;
        private const int InitialCapacity = 1_024;

        // A drained array up to this size is kept for the next round; a larger one only while rounds still fill a
        // quarter of it, so a long burst does not reallocate (on the large object heap) every round, and memory is
        // given back once it is over.
        private const int MaxSpare = 65_536;
        private static readonly TimeSpan MinPrunePause = TimeSpan.FromMilliseconds(2);

        private readonly IKeyStore store;
        private readonly KeyVerifierOptions options;
        private readonly object queueLock = new object();
        private readonly List<CallEntry> retry = new List<CallEntry>();
        private readonly ManualResetEventSlim stopping = new ManualResetEventSlim();
        private readonly Thread worker;
        private readonly object flushLock = new object();
        private DateTimeOffset lastPrune = DateTimeOffset.MinValue;
        private long dropped;
        private QueuedCall[] queued = new QueuedCall[InitialCapacity];
        private QueuedCall[] spare;
        private int queuedCount;
        private int retryCount;

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
            QueuedCall queuedCall = QueuedCall.From(call);
            Enqueue(in queuedCall);
        }

        internal void Enqueue(in QueuedCall call)
        {
            lock (queueLock)
            {
                if (queuedCount + Volatile.Read(ref retryCount) >= MaxQueued)
                {
                    Interlocked.Increment(ref dropped);
                    return;
                }

                if (queuedCount == queued.Length)
                {
                    Array.Resize(ref queued, Math.Min(queued.Length * 2, MaxQueued));
                }

                queued[queuedCount++] = call;
            }
        }

        /// <summary>Writes everything queued so far.</summary>
        internal void Flush()
        {
            lock (flushLock)
            {
                var batch = new List<CallEntry>(MaxBatch);
                while (true)
                {
                    QueuedCall[] taken;
                    int count;
                    lock (queueLock)
                    {
                        taken = queued;
                        count = queuedCount;
                        if (count == 0 && retry.Count == 0)
                        {
                            return;
                        }

                        queued = spare ?? new QueuedCall[InitialCapacity];
                        spare = null;
                        queuedCount = 0;
                    }

                    try
                    {
                        if (!Write(taken, count, batch))
                        {
                            return;
                        }
                    }
                    finally
                    {
                        Array.Clear(taken, 0, count);
                        if (taken.Length <= MaxSpare || count > taken.Length / 4)
                        {
                            lock (queueLock)
                            {
                                spare = taken;
                            }
                        }
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

        // Rows that failed last time first, then the taken ones, in batches; on failure every row not yet written is kept.
        private bool Write(QueuedCall[] taken, int count, List<CallEntry> batch)
        {
            int retried = 0;
            int next = 0;
            while (true)
            {
                batch.Clear();
                while (batch.Count < MaxBatch && retried < retry.Count)
                {
                    batch.Add(retry[retried++]);
                }

                while (batch.Count < MaxBatch && next < count)
                {
                    batch.Add(taken[next++].ToEntry());
                }

                if (batch.Count == 0)
                {
                    retry.Clear();
                    Volatile.Write(ref retryCount, 0);
                    return true;
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
                    var keep = new List<CallEntry>(batch);
                    keep.AddRange(retry.GetRange(retried, retry.Count - retried));
                    while (next < count)
                    {
                        keep.Add(taken[next++].ToEntry());
                    }

                    retry.Clear();
                    retry.AddRange(keep);
                    Volatile.Write(ref retryCount, retry.Count);
                    return false;
                }
            }
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
