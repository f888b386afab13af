using System;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>Turns PostgreSQL's SQLSTATEs and Npgsql's connection failures into the core's errors, in one place.</summary>
    internal static class PostgreSqlErrors
    {
        /// <summary>The core error for a failure, or null when it is not a store-level condition.</summary>
        internal static ApiKeyAdminException Translate(NpgsqlException ex, string location, TimeSpan busyTimeout)
        {
            if (!(ex is PostgresException pg))
            {
                // No answer from the server at all: refused, timed out, name not resolved, TLS failed.
                return Fail.StoreUnreadable(location, ex);
            }

            switch (pg.SqlState)
            {
                case PostgresErrorCodes.LockNotAvailable:
                case PostgresErrorCodes.QueryCanceled:
                case PostgresErrorCodes.DeadlockDetected:
                    return new StoreLockedException(location, busyTimeout, ex);
                case PostgresErrorCodes.InvalidSchemaName:
                case PostgresErrorCodes.UndefinedTable:
                    return Fail.StoreNotFound(location);
                case PostgresErrorCodes.InsufficientPrivilege:
                case PostgresErrorCodes.ReadOnlySqlTransaction:
                    return Fail.StoreNotWritable(location, ex);
                case PostgresErrorCodes.DiskFull:
                case PostgresErrorCodes.OutOfMemory:
                    return Fail.StoreFull(location, ex);
            }

            // Class 08 (connection), 28 (authentication), 3D (no such database), 53 (resources), 57P (shutdown).
            string cls = pg.SqlState.Substring(0, 2);
            if (cls == "08" || cls == "28" || cls == "3D" || cls == "53" || pg.SqlState.StartsWith("57P", StringComparison.Ordinal))
            {
                return Fail.StoreUnreadable(location, ex);
            }

            if (cls == "23")
            {
                // Writes queue behind one lock, so a constraint can only fail where rows no longer are as the module
                // wrote them (an audit head moved back by hand, say): the store is not to be trusted with more writes.
                return Fail.InvalidStore(location, ex);
            }

            return null;
        }
    }
}
