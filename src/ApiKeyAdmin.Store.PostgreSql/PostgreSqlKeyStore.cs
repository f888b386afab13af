using System;
using System.Collections.Generic;
using System.Threading;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// The shared store: one PostgreSQL schema (<c>apikeyadmin</c>, or the first schema of the connection's Search Path)
    /// that many hosts administer and verify against. Every write transaction first takes a transaction-level advisory
    /// lock of the schema, so writes from all hosts queue one after another: the audit chain never forks and concurrent
    /// rotations end with one active key, which partial unique indexes enforce as well. A writer that waits longer than
    /// the busy timeout gets StoreLocked with nothing changed. The call log is partitioned by day; retention drops whole
    /// partitions.
    /// </summary>
    public sealed class PostgreSqlKeyStore : IKeyStore
    {
        /// <summary>The schema used when the connection string names none.</summary>
        public const string DefaultSchema = "apikeyadmin";

        /// <summary>
        /// The channel every key change is announced on, with the schema as payload. One channel for the database (a
        /// schema name may be as long as a channel name may be): a change in another schema wakes a verifier early,
        /// which costs it one counter read.
        /// </summary>
        public const string ChangeChannel = "apikeyadmin_key_changes";

        private readonly PostgreSqlConnections db;
        private readonly PostgreSqlAccess access;
        private readonly PostgreSqlMigrator migrator;
        private readonly PostgreSqlTransactions transactions;
        private readonly PostgreSqlQueries queries;
        private readonly PostgreSqlPartitions partitions;
        private readonly PostgreSqlCallWriter callWriter;
        private readonly PostgreSqlChanges changes;

        /// <summary>A store reached through an Npgsql connection string; nothing is opened until first use.</summary>
        public PostgreSqlKeyStore(string connectionString, PostgreSqlStoreOptions options = null)
        {
            db = new PostgreSqlConnections(new PostgreSqlConnectionString(connectionString), options ?? new PostgreSqlStoreOptions());
            access = new PostgreSqlAccess(db);
            migrator = new PostgreSqlMigrator(db, access);
            queries = new PostgreSqlQueries(db, migrator);
            transactions = new PostgreSqlTransactions(db, migrator, queries.Dialect);
            partitions = new PostgreSqlPartitions(db);
            callWriter = new PostgreSqlCallWriter(db, partitions);
            changes = new PostgreSqlChanges(db);
        }

        /// <inheritdoc/>
        public string Location => db.Location;

        /// <inheritdoc/>
        public string Engine => "PostgreSQL";

        /// <inheritdoc/>
        public int SchemaVersion => PostgreSqlSchema.CurrentVersion;

        /// <inheritdoc/>
        public bool Exists => migrator.Exists;

        /// <inheritdoc/>
        /// <remarks>The acting user is the authenticated login (session_user); access levels are the database's grants.</remarks>
        public IStoreAccessControl AccessControl => access;

        /// <inheritdoc/>
        public void EnsureCreated() => migrator.EnsureCreated();

        /// <inheritdoc/>
        /// <remarks>The schema's owner is compared with session_user, the login this connection authenticated as.</remarks>
        public bool IsOwnedBy(string user) => migrator.IsOwnedBy(user);

        /// <inheritdoc/>
        public void BackupTo(string destination, bool overwrite) => throw Fail.UseDatabaseBackup(Location);

        /// <inheritdoc/>
        public T Write<T>(Func<IStoreTransaction, T> work) => transactions.Write(work);

        /// <inheritdoc/>
        public T Read<T>(Func<IStoreTransaction, T> work) => transactions.Read(work);

        /// <inheritdoc/>
        public IEnumerable<AuditRecord> ReadAudit(AuditFilter filter, CancellationToken cancellation) => queries.ReadAudit(filter, cancellation);

        /// <inheritdoc/>
        public IEnumerable<CallRecord> ReadCalls(CallFilter filter, CancellationToken cancellation) => queries.ReadCalls(filter, cancellation);

        /// <inheritdoc/>
        public IEnumerable<CallVolume> MeasureCalls(CallFilter filter, CallInterval interval, CancellationToken cancellation) =>
            queries.MeasureCalls(filter, interval, cancellation);

        /// <inheritdoc/>
        public IReadOnlyList<KeyCallCount> CountCallsByKey(DateTimeOffset since) => queries.CountCallsByKey(since);

        /// <inheritdoc/>
        /// <remarks>One binary COPY per batch, in one transaction with the keys' last use.</remarks>
        public void AppendCalls(IReadOnlyList<CallEntry> calls)
        {
            if (calls.Count == 0)
            {
                return;
            }

            db.Guard(() =>
            {
                migrator.EnsureReady();
                callWriter.Append(calls);
                return 0;
            });
        }

        /// <inheritdoc/>
        /// <remarks>
        /// <paramref name="maxRows"/> does not apply: a partition goes whole. Also makes the coming days' partitions. A
        /// drop that would wait for a long reader is left to the next call.
        /// </remarks>
        public int PruneCalls(DateTimeOffset before, int maxRows) => db.Guard(() =>
        {
            migrator.EnsureReady();
            return (int)Math.Min(partitions.DropBefore(before), int.MaxValue);
        });

        /// <inheritdoc/>
        public KeyRecord FindKeyByHash(byte[] secretHash) => transactions.FindKeyByHash(secretHash);

        /// <inheritdoc/>
        /// <remarks>
        /// The key generation, bumped in the same transaction as every key change on any host. Verifiers poll it (one
        /// indexed single-row read); call rows and other writes leave it alone, so caches are dropped only for key changes.
        /// </remarks>
        public long ChangeCounter() => db.Guard(() =>
        {
            migrator.EnsureReady();
            return changes.Counter();
        });

        /// <inheritdoc/>
        /// <remarks>
        /// One connection of this store LISTENs for the whole of its life; a failure drops it, so the next wait opens a
        /// new one, and the caller's counter read after the failed wait covers what was announced in between.
        /// </remarks>
        public void WaitForChange(TimeSpan timeout, CancellationToken cancellation) => db.Guard(() =>
        {
            migrator.EnsureReady();
            changes.Wait(timeout, cancellation);
            return 0;
        });

        /// <inheritdoc/>
        public void Dispose()
        {
            changes.Dispose();
            db.Dispose();
        }
    }
}
