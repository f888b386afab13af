using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Threading;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// Log reads streamed from a server-side cursor on a connection of their own: the first row comes at once, memory
    /// holds one fetch, and a reader that stops early leaves the rest unread on the server.
    /// </summary>
    internal sealed class PostgreSqlCursor
    {
        private readonly PostgreSqlConnections db;
        private readonly PostgreSqlMigrator migrator;

        internal PostgreSqlCursor(PostgreSqlConnections db, PostgreSqlMigrator migrator)
        {
            this.db = db;
            this.migrator = migrator;
        }

        /// <summary>The rows of <paramref name="query"/> (disposed at the end), each read by <paramref name="read"/>; none without a store.</summary>
        internal IEnumerable<T> Stream<T>(NpgsqlCommand query, Func<NpgsqlDataReader, T> read, CancellationToken cancellation)
        {
            using (query)
            {
                if (!migrator.Exists)
                {
                    yield break;
                }

                NpgsqlConnection c = db.Guard(db.Open);
                using (c)
                {
                    NpgsqlTransaction t = db.Guard(() => c.BeginTransaction(IsolationLevel.RepeatableRead));
                    using (t)
                    using (NpgsqlCommand fetch = PostgreSqlRows.Command(c, t, "FETCH FORWARD " + db.Options.FetchSize.ToString(CultureInfo.InvariantCulture) + " FROM log_rows"))
                    {
                        // JIT compiling a long read's plan only delays its first row; rows are streamed, not aggregated.
                        db.Guard(() =>
                        {
                            PostgreSqlConnections.Execute(c, t, "SET LOCAL jit = off");
                            return 0;
                        });
                        query.Connection = c;
                        query.Transaction = t;
                        query.CommandText = "DECLARE log_rows NO SCROLL CURSOR FOR " + query.CommandText;
                        db.Guard(query.ExecuteNonQuery);
                        int fetched;
                        do
                        {
                            fetched = 0;
                            NpgsqlDataReader reader = db.Guard(() => fetch.ExecuteReader());
                            using (reader)
                            {
                                while (db.Guard(reader.Read))
                                {
                                    if (cancellation.IsCancellationRequested)
                                    {
                                        yield break;
                                    }

                                    fetched++;
                                    yield return read(reader);
                                }
                            }
                        }
                        while (fetched == db.Options.FetchSize);
                    }
                }
            }
        }
    }
}
