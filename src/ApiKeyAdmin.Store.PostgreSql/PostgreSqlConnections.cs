using System;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// The store's pool of connections to its schema, the helpers every part of the store runs statements with, and the
    /// one place that turns the server's failures into the core's errors.
    /// </summary>
    internal sealed class PostgreSqlConnections : IDisposable
    {
        private readonly NpgsqlDataSource dataSource;

        internal PostgreSqlConnections(PostgreSqlConnectionString target, PostgreSqlStoreOptions options)
        {
            Schema = target.Schema;
            Location = target.Location;
            Options = options;
            dataSource = NpgsqlDataSource.Create(target.Value);
        }

        /// <summary>The store's schema, the connections' search path.</summary>
        internal string Schema { get; }

        /// <summary>Where the store is, without passwords.</summary>
        internal string Location { get; }

        /// <summary>How the store waits and fetches.</summary>
        internal PostgreSqlStoreOptions Options { get; }

        /// <summary>An open connection from the pool.</summary>
        internal NpgsqlConnection Open() => dataSource.OpenConnection();

        /// <summary>Runs <paramref name="action"/>, turning store-level server failures into the core's errors.</summary>
        internal T Guard<T>(Func<T> action)
        {
            try
            {
                return action();
            }
            catch (NpgsqlException ex)
            {
                ApiKeyAdminException translated = PostgreSqlErrors.Translate(ex, Location, Options.BusyTimeout);
                if (translated == null)
                {
                    throw;
                }

                throw translated;
            }
        }

        /// <summary>Runs one statement.</summary>
        internal static void Execute(NpgsqlConnection c, NpgsqlTransaction t, string sql)
        {
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, sql))
            {
                command.ExecuteNonQuery();
            }
        }

        /// <summary>Runs one query for its single value.</summary>
        internal static T Scalar<T>(NpgsqlConnection c, NpgsqlTransaction t, string sql, params (string Name, object Value)[] parameters)
        {
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, sql))
            {
                foreach ((string name, object value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                return (T)command.ExecuteScalar();
            }
        }

        public void Dispose() => dataSource.Dispose();
    }
}
