using System;
using System.Collections.Generic;
using System.Threading;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// The one seam between the rules and the database. A store runs transactions, streams logs and takes call rows;
    /// SQLite is the embedded implementation, and a shared server store implements the same interface.
    /// </summary>
    public interface IKeyStore : IDisposable
    {
        /// <summary>Where the store is, safe to show (no password).</summary>
        string Location { get; }

        /// <summary>The database engine, as people name it: SQLite or PostgreSQL.</summary>
        string Engine { get; }

        /// <summary>The schema version of the store once opened: opening migrates an older store to it.</summary>
        int SchemaVersion { get; }

        /// <summary>
        /// True when the store holds an ApiKeyAdmin schema (of any version); a missing or empty file or schema, or a schema
        /// that another program made, is no store. A file that holds anything but a store, or a folder, is InvalidStore,
        /// and a path the user may not look at is StoreUnreadable. Never creates it.
        /// </summary>
        bool Exists { get; }

        /// <summary>
        /// The database's own logins and privileges, for a store that has them (PostgreSQL); null for a store whose file
        /// permissions are its access control (SQLite).
        /// </summary>
        IStoreAccessControl AccessControl { get; }

        /// <summary>Creates the store if it is missing and migrates an older schema; refuses a newer one.</summary>
        void EnsureCreated();

        /// <summary>
        /// True when <paramref name="user"/>, the acting user, owns the store as the system it lives in says: for a file,
        /// when the user is the OS account this process runs as and that account owns the file; for a database, when the
        /// connection's login (session_user) owns the store's schema and is the user. Grant-ApiKeyAdminRole -Recover asks it.
        /// </summary>
        bool IsOwnedBy(string user);

        /// <summary>
        /// Writes a consistent copy of the store, taken while other processes may write, to a new file at
        /// <paramref name="destination"/>, private to its owner; an existing file there is replaced only with
        /// <paramref name="overwrite"/>. A store that lives in a database server refuses (UseDatabaseBackup): its backups
        /// are the server's.
        /// </summary>
        void BackupTo(string destination, bool overwrite);

        /// <summary>Runs <paramref name="work"/> in one serialised write transaction: all of it commits, or none.</summary>
        T Write<T>(Func<IStoreTransaction, T> work);

        /// <summary>Runs <paramref name="work"/> against one consistent snapshot; the store must exist.</summary>
        T Read<T>(Func<IStoreTransaction, T> work);

        /// <summary>Streams audit rows as they are read.</summary>
        IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation);

        /// <summary>Streams call rows as they are read, newest first.</summary>
        IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation);

        /// <summary>
        /// Counts the calls that match <paramref name="filter"/> (<see cref="CallFilter.First"/> aside) per interval and
        /// account, split by outcome, in the database; streamed oldest interval first, then by account. Intervals start
        /// on UTC boundaries; an interval without calls has no row.
        /// </summary>
        IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation);

        /// <summary>
        /// Counts the calls made with each known key since <paramref name="since"/>, whatever their outcome, in the
        /// database; keys without calls have no row. The migration report and the sunset banner read it.
        /// </summary>
        IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since);

        /// <summary>Writes call rows in one transaction and moves the keys' LastUsedAt forward.</summary>
        void AppendCalls(IReadOnlyList<CallEntry> calls);

        /// <summary>
        /// Removes calls older than <paramref name="before"/>, oldest first, and returns how many call rows it removed; 0
        /// when there is nothing it can remove now. It never removes a call at or after <paramref name="before"/>. Each
        /// store removes in its own unit: SQLite deletes at most <paramref name="maxRows"/> rows, so the write lock is
        /// held only briefly; PostgreSQL drops the day partitions that lie wholly before <paramref name="before"/>,
        /// whatever their row count, and leaves the partly expired day's older rows until that day goes. Reads never
        /// return calls older than the retention in either case.
        /// </summary>
        int PruneCalls(DateTimeOffset before, int maxRows);

        /// <summary>Finds a key by its secret's hash, outside any transaction: the verifier's lookup.</summary>
        KeyRecord FindKeyByHash(byte[] secretHash);

        /// <summary>
        /// A number that changes whenever another connection commits a change to keys or to what decides verification
        /// (<see cref="IStoreTransaction.MarkKeysChanged"/>), so caches know when to drop.
        /// </summary>
        long ChangeCounter();

        /// <summary>
        /// Waits up to <paramref name="timeout"/>, returning early when the database announces that another connection
        /// committed a key change (PostgreSQL's LISTEN/NOTIFY) or when <paramref name="cancellation"/> fires. A store
        /// that cannot announce changes just waits. Callers re-read <see cref="ChangeCounter"/> afterwards either way,
        /// which is also what catches a change announced while a listening connection was being re-opened.
        /// </summary>
        void WaitForChange(TimeSpan timeout, CancellationToken cancellation);
    }
}
