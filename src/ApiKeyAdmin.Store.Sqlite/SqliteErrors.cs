using System;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>Turns SQLite's result codes into the core's errors, in one place.</summary>
    internal static class SqliteErrors
    {
        private const int Busy = 5;
        private const int Locked = 6;
        private const int ReadOnly = 8;
        private const int IoError = 10;
        private const int Corrupt = 11;
        private const int Full = 13;
        private const int Constraint = 19;
        private const int CantOpen = 14;
        private const int NotADatabase = 26;

        /// <summary>The core error for a SQLite failure, or null when it is not a store-level condition.</summary>
        internal static ApiKeyAdminException Translate(SqliteException ex, string location, TimeSpan busyTimeout)
        {
            switch (ex.SqliteErrorCode)
            {
                case Busy:
                case Locked:
                    return new StoreLockedException(location, busyTimeout, ex);
                case ReadOnly:
                    return Fail.StoreNotWritable(location, ex);
                case Corrupt:
                case NotADatabase:
                    return Fail.InvalidStore(location, ex);
                case Constraint:
                    // Every rule is checked under the write lock before a write, so a constraint that still fails
                    // contradicts rows edited by hand (say, an audit head moved back onto existing rows).
                    return Fail.InvalidStore(location, ex);
                case Full:
                    return Fail.StoreFull(location, ex);
                case CantOpen:
                case IoError:
                    return Fail.StoreUnreadable(location, ex);
                default:
                    return null;
            }
        }
    }
}
