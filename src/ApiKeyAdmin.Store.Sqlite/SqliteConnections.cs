using System;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// How every connection to the store's file is opened (busy timeout, foreign keys, durability, secure delete), and
    /// the one place that turns SQLite's failures into the core's errors.
    /// </summary>
    internal sealed class SqliteConnections
    {
        private readonly SqliteStoreOptions options;

        internal SqliteConnections(string location, SqliteStoreOptions options)
        {
            Location = location;
            this.options = options;
        }

        /// <summary>The store file's full path.</summary>
        internal string Location { get; }

        /// <summary>A new open connection; <paramref name="synchronousFull"/> for writes that must survive power loss.</summary>
        internal SqliteConnection Open(SqliteOpenMode mode, bool synchronousFull)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = Location,
                Mode = mode,
                Pooling = options.Pooling,
                DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            };
            var c = new SqliteConnection(builder.ToString());
            try
            {
                c.Open();
                using (SqliteCommand pragmas = c.CreateCommand())
                {
                    // Key and audit writes are rare and must survive power loss; call rows trade that for speed (WAL keeps them consistent).
                    // Freed space is zeroed, so that encrypted copies erased for Reveal = Never, and older copies of rewritten key rows,
                    // do not linger in the file.
                    pragmas.CommandText =
                        $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; " +
                        $"PRAGMA synchronous = {(synchronousFull ? "FULL" : "NORMAL")}; PRAGMA secure_delete = ON;";
                    pragmas.ExecuteNonQuery();
                }

                return c;
            }
            catch
            {
                c.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Runs <paramref name="action"/>; a store-level failure calls <paramref name="dropFailed"/>, which drops the
        /// connection that failed (a failed connection may hold a broken transaction; the next call starts afresh), and
        /// becomes the core's error.
        /// </summary>
        internal T Guard<T>(Func<T> action, Action dropFailed)
        {
            try
            {
                return action();
            }
            catch (SqliteException ex)
            {
                ApiKeyAdminException translated = SqliteErrors.Translate(ex, Location, options.BusyTimeout);
                if (translated == null)
                {
                    throw;
                }

                // A failed connection may hold a broken transaction; the next call starts afresh.
                dropFailed();
                throw translated;
            }
        }
    }
}
