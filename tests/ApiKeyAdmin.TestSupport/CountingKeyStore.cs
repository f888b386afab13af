using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// A store that passes every call to a real one and counts it by member name (get_Exists, Read, FindKeyByHash, …),
    /// optionally failing call writes the way a busy store does, or failing everything the way a database that cannot
    /// be reached does.
    /// </summary>
    internal sealed class CountingKeyStore : IKeyStore
    {
        private readonly IKeyStore inner;
        private int appendedBatches;
        private int failAppends;

        public CountingKeyStore(IKeyStore inner)
        {
            this.inner = inner;
        }

        /// <summary>Calls so far, by member name; a test may clear it to count from a point on.</summary>
        public ConcurrentDictionary<string, int> Calls { get; } = new ConcurrentDictionary<string, int>();

        /// <summary>How many times a key was looked up by its hash.</summary>
        public int FindKeyByHashCalls => Count(nameof(FindKeyByHash));

        /// <summary>How many batches of call rows were written (failed ones aside).</summary>
        public int AppendCallsCalls => Volatile.Read(ref appendedBatches);

        /// <summary>The batch size of every prune, in order, with how many rows each deleted.</summary>
        public List<(int MaxRows, int Deleted)> Prunes { get; } = new List<(int MaxRows, int Deleted)>();

        /// <summary>While true, every member that would reach the database fails as an unreachable server does.</summary>
        public bool Unreachable { get; set; }

        public string Location => inner.Location;

        public IStoreAccessControl AccessControl => inner.AccessControl;

        public string Engine => inner.Engine;

        public int SchemaVersion => inner.SchemaVersion;

        public bool Exists => Reach("get_Exists").Exists;

        /// <summary>How many times <paramref name="member"/> was called.</summary>
        public int Count(string member) => Calls.TryGetValue(member, out int n) ? n : 0;

        /// <summary>Makes the next <paramref name="count"/> call writes fail as a locked store does.</summary>
        public void FailNextAppends(int count) => Volatile.Write(ref failAppends, count);

        public void EnsureCreated()
        {
            Counted(nameof(EnsureCreated));
            inner.EnsureCreated();
        }

        public bool IsOwnedBy(string user) => Reach(nameof(IsOwnedBy)).IsOwnedBy(user);

        public void BackupTo(string destination, bool overwrite) => Reach(nameof(BackupTo)).BackupTo(destination, overwrite);

        public T Write<T>(Func<IStoreTransaction, T> work) => Reach(nameof(Write)).Write(work);

        public T Read<T>(Func<IStoreTransaction, T> work) => Reach(nameof(Read)).Read(work);

        public IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation) =>
            Counted(nameof(ReadAudit)).ReadAudit(filter, cancellation);

        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation) =>
            Counted(nameof(ReadCalls)).ReadCalls(filter, cancellation);

        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation) =>
            Counted(nameof(MeasureCalls)).MeasureCalls(filter, interval, cancellation);

        public IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since) => Counted(nameof(CountCallsByKey)).CountCallsByKey(since);

        public void AppendCalls(IReadOnlyList<CallEntry> calls)
        {
            Counted(nameof(AppendCalls));
            if (Interlocked.Decrement(ref failAppends) >= 0)
            {
                throw new StoreLockedException(Location, TimeSpan.FromSeconds(10), null);
            }

            Interlocked.Increment(ref appendedBatches);
            Reachable().AppendCalls(calls);
        }

        public int PruneCalls(DateTimeOffset before, int maxRows)
        {
            int deleted = Reach(nameof(PruneCalls)).PruneCalls(before, maxRows);
            lock (Prunes)
            {
                Prunes.Add((maxRows, deleted));
            }

            return deleted;
        }

        public KeyRecord FindKeyByHash(byte[] secretHash) => Reach(nameof(FindKeyByHash)).FindKeyByHash(secretHash);

        public long ChangeCounter() => Reach(nameof(ChangeCounter)).ChangeCounter();

        // Not cut off by Unreachable: a lost announcement only delays a change by one poll, and the tests watch the polls.
        public void WaitForChange(TimeSpan timeout, CancellationToken cancellation) =>
            Counted(nameof(WaitForChange)).WaitForChange(timeout, cancellation);

        public void Dispose()
        {
            Counted(nameof(Dispose));
            inner.Dispose();
        }

        private IKeyStore Counted(string member)
        {
            Calls.AddOrUpdate(member, 1, (_, n) => n + 1);
            return inner;
        }

        private IKeyStore Reach(string member)
        {
            Counted(member);
            return Reachable();
        }

        private IKeyStore Reachable() =>
            Unreachable ? throw Fail.StoreUnreadable(Location, new IOException("Connection refused")) : inner;
    }
}
