using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Tests
{
    /// <summary>
    /// A store that passes every call to a real one and counts the calls the verifier's hot path and the batch writer
    /// make, optionally failing call writes the way a busy store does, or failing everything the way a database that
    /// cannot be reached does.
    /// </summary>
    internal sealed class CountingKeyStore : IKeyStore
    {
        private readonly IKeyStore inner;
        private int findKeyByHash;
        private int appendCalls;
        private int failAppends;

        public CountingKeyStore(IKeyStore inner)
        {
            this.inner = inner;
        }

        /// <summary>How many times a key was looked up by its hash.</summary>
        public int FindKeyByHashCalls => Volatile.Read(ref findKeyByHash);

        /// <summary>How many batches of call rows were written.</summary>
        public int AppendCallsCalls => Volatile.Read(ref appendCalls);

        /// <summary>The batch size of every prune, in order, with how many rows each deleted.</summary>
        public List<(int MaxRows, int Deleted)> Prunes { get; } = new List<(int MaxRows, int Deleted)>();

        /// <summary>Makes the next <paramref name="count"/> call writes fail as a locked store does.</summary>
        public void FailNextAppends(int count) => Volatile.Write(ref failAppends, count);

        /// <summary>While true, every member that would reach the database fails as an unreachable server does.</summary>
        public bool Unreachable { get; set; }

        public string Location => inner.Location;

        public bool Exists => Reach().Exists;

        public void EnsureCreated() => inner.EnsureCreated();

        public T Write<T>(Func<IStoreTransaction, T> work) => Reach().Write(work);

        public T Read<T>(Func<IStoreTransaction, T> work) => Reach().Read(work);

        public IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation) => inner.ReadAudit(filter, cancellation);

        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation) => inner.ReadCalls(filter, cancellation);

        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation) =>
            inner.MeasureCalls(filter, interval, cancellation);

        public IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since) => inner.CountCallsByKey(since);

        public void AppendCalls(IReadOnlyList<CallEntry> calls)
        {
            if (Interlocked.Decrement(ref failAppends) >= 0)
            {
                throw new StoreLockedException(Location, TimeSpan.FromSeconds(10), null);
            }

            Interlocked.Increment(ref appendCalls);
            Reach().AppendCalls(calls);
        }

        public int PruneCalls(DateTimeOffset before, int maxRows)
        {
            int deleted = Reach().PruneCalls(before, maxRows);
            lock (Prunes)
            {
                Prunes.Add((maxRows, deleted));
            }

            return deleted;
        }

        public KeyRecord FindKeyByHash(byte[] secretHash)
        {
            Interlocked.Increment(ref findKeyByHash);
            return Reach().FindKeyByHash(secretHash);
        }

        public long ChangeCounter() => Reach().ChangeCounter();

        // Not cut off by Unreachable: a lost announcement only delays a change by one poll, and the tests watch the polls.
        public void WaitForChange(TimeSpan timeout, CancellationToken cancellation) => inner.WaitForChange(timeout, cancellation);

        public void Dispose() => inner.Dispose();

        private IKeyStore Reach() =>
            Unreachable ? throw Fail.StoreUnreadable(Location, new IOException("Connection refused")) : inner;
    }
}
