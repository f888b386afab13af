using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// Writes call rows off the request path: rows queue in memory (structs in fixed-size chunks, appended under a short
    /// lock) and one background thread writes them in a single transaction every flush interval, pruning expired rows in
    /// small batches at most once per prune interval. Dispose writes whatever is still queued, so nothing verified is
    /// lost on a clean shutdown.
    /// </summary>
    internal sealed class CallLogWriter : IDisposable
    {
        private const int MaxBatch = 10_000;
        private const int MaxQueued = 1_000_000;

        // Chunks stay below the large object heap (85,000 bytes), and drained ones are reused: one array grown by doubling
        // copied the backlog on every growth and allocated on the large object heap, whose collections stopped the
        // verifying threads (a verify cost a third more once the writer fell behind a burst).
        private const int ChunkSize = 512;

        // Drained chunks kept for reuse: enough for a burst's backlog of 128 × 512 calls; beyond it memory is given back.
        private const int MaxSpareChunks = 128;
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
        private long written;
        private readonly Stack<QueuedCall[]> spareChunks = new Stack<QueuedCall[]>();

        // The batch's CallEntry objects, refilled each batch rather than made per row; the writer thread's garbage stops the
        // verifying threads too.
        private readonly CallEntry[] entries = new CallEntry[MaxBatch];
        private List<QueuedCall[]> filled = new List<QueuedCall[]>();
        private QueuedCall[] current = new QueuedCall[ChunkSize];
        private int currentCount;
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

        /// <summary>Rows written to the store so far.</summary>
        internal long Written => Interlocked.Read(ref written);

        /// <summary>Rows waiting to be written, those kept after a failed write included.</summary>
        internal int Queued => Volatile.Read(ref queuedCount) + Volatile.Read(ref retryCount);

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

                if (currentCount == ChunkSize)
                {
                    filled.Add(current);
                    current = spareChunks.Count > 0 ? spareChunks.Pop() : new QueuedCall[ChunkSize];
                    currentCount = 0;
                }

                current[currentCount++] = call;
                queuedCount++;
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
                    List<QueuedCall[]> taken;
                    int count;
                    lock (queueLock)
                    {
                        count = queuedCount;
                        if (count == 0 && retry.Count == 0)
                        {
                            return;
                        }

                        // The chunk being filled goes too; every taken chunk but the last is full.
                        taken = filled;
                        taken.Add(current);
                        filled = new List<QueuedCall[]>();
                        current = spareChunks.Count > 0 ? spareChunks.Pop() : new QueuedCall[ChunkSize];
                        currentCount = 0;
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
                        Recycle(taken, count);
                    }
                }
            }
        }

        // Clears the taken chunks (they hold strings) and keeps some for reuse.
        private void Recycle(List<QueuedCall[]> taken, int count)
        {
            for (int i = 0; i < taken.Count; i++)
            {
                Array.Clear(taken[i], 0, Math.Min(ChunkSize, count - i * ChunkSize));
            }

            lock (queueLock)
            {
                foreach (QueuedCall[] chunk in taken)
                {
                    if (spareChunks.Count < MaxSpareChunks)
                    {
                        spareChunks.Push(chunk);
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
        private bool Write(List<QueuedCall[]> taken, int count, List<CallEntry> batch)
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
                    CallEntry entry = entries[batch.Count] ?? (entries[batch.Count] = new CallEntry());
                    taken[next / ChunkSize][next % ChunkSize].CopyTo(entry);
                    batch.Add(entry);
                    next++;
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
                    Interlocked.Add(ref written, batch.Count);
                    LastError = null;
                }
                catch (ApiKeyAdminException ex)
                {
                    // The store is busy or full: keep the rows for the next flush rather than lose them, in objects of
                    // their own, since the batch's are refilled.
                    LastError = ex;
                    var keep = new List<CallEntry>(batch.Count + retry.Count - retried + count - next);
                    foreach (CallEntry row in batch)
                    {
                        keep.Add(row.Copy());
                    }

                    keep.AddRange(retry.GetRange(retried, retry.Count - retried));
                    while (next < count)
                    {
                        keep.Add(taken[next / ChunkSize][next % ChunkSize].ToEntry());
                        next++;
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
