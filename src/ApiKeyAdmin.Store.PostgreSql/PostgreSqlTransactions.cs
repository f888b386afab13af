using System;
using System.Data;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// The store's transactions: every write first takes a transaction-level advisory lock of the schema, so writes from
    /// all hosts queue one after another; reads run in one read-only snapshot.
    /// </summary>
    internal sealed class PostgreSqlTransactions
    {
        private readonly PostgreSqlConnections db;
        private readonly PostgreSqlMigrator migrator;
        private readonly StoreDialect dialect;

        internal PostgreSqlTransactions(PostgreSqlConnections db, PostgreSqlMigrator migrator, StoreDialect dialect)
        {
            this.db = db;
            this.migrator = migrator;
            this.dialect = dialect;
        }

        /// <summary>Waits up to the busy timeout for the schema's write lock, held until the transaction ends.</summary>
        internal static void LockForWrite(PostgreSqlConnections db, NpgsqlConnection c, NpgsqlTransaction t)
        {
            PostgreSqlConnections.Execute(c, t, "SET LOCAL lock_timeout = '" + (long)db.Options.BusyTimeout.TotalMilliseconds + "ms'");
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))"))
            {
                command.Parameters.AddWithValue("k", "ApiKeyAdmin write " + db.Schema);
                command.ExecuteNonQuery();
            }
        }

        /// <summary>Runs <paramref name="work"/> under the write lock; all of it commits, or none.</summary>
        internal T Write<T>(Func<IStoreTransaction, T> work) => db.Guard(() =>
        {
            migrator.EnsureReady();
            using (NpgsqlConnection c = db.Open())
            using (NpgsqlTransaction t = c.BeginTransaction(IsolationLevel.ReadCommitted))
            {
                // Read committed after the lock: every statement of this writer sees all that earlier writers committed.
                LockForWrite(db, c, t);
                T result = work(new StoreTransaction(dialect, c, t));
                t.Commit();
                return result;
            }
        });

        /// <summary>Runs <paramref name="work"/> against one read-only snapshot.</summary>
        internal T Read<T>(Func<IStoreTransaction, T> work) => db.Guard(() =>
        {
            migrator.EnsureReady();
            using (NpgsqlConnection c = db.Open())
            using (NpgsqlTransaction t = c.BeginTransaction(IsolationLevel.RepeatableRead))
            {
                PostgreSqlConnections.Execute(c, t, "SET TRANSACTION READ ONLY");
                return work(new StoreTransaction(dialect, c, t));
            }
        });

        /// <summary>The key whose secret has this hash, outside any transaction: the verifier's lookup.</summary>
        internal KeyRecord FindKeyByHash(byte[] secretHash) => db.Guard(() =>
        {
            migrator.EnsureReady();
            using (NpgsqlConnection c = db.Open())
            {
                return new StoreTransaction(dialect, c, null).FindKeyByHash(secretHash);
            }
        });
    }
}
