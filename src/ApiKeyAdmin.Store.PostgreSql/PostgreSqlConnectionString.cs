using System;
using System.Text.RegularExpressions;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// A store's connection string read once: the schema it names (the first of Search Path, else the default), the
    /// string the store connects with (Search Path set to that schema alone, an application name), and what may be shown.
    /// </summary>
    internal sealed class PostgreSqlConnectionString
    {
        // Lower-case names only, so the schema reads the same quoted or not in the search path, in SQL and in docs.
        private static readonly Regex SchemaName = new Regex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant);

        /// <summary>Reads <paramref name="connectionString"/>; an unusable one is the error InvalidConnectionString.</summary>
        internal PostgreSqlConnectionString(string connectionString)
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException ex)
            {
                throw Fail.InvalidConnectionString(ex.Message, ex);
            }

            Schema = string.IsNullOrWhiteSpace(builder.SearchPath) ? PostgreSqlKeyStore.DefaultSchema : builder.SearchPath.Split(',')[0].Trim();
            if (!SchemaName.IsMatch(Schema))
            {
                throw Fail.InvalidConnectionString($"the schema '{Schema}' (the first name in Search Path) must be a lower-case PostgreSQL identifier", null);
            }

            builder.SearchPath = Schema;
            if (string.IsNullOrEmpty(builder.ApplicationName))
            {
                builder.ApplicationName = "ApiKeyAdmin";
            }

            Value = builder.ConnectionString;
            // Without its passwords: what may be shown in messages, output and the audit log.
            Location = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Password = null, SslPassword = null }.ConnectionString;
        }

        /// <summary>The store's schema.</summary>
        internal string Schema { get; }

        /// <summary>The connection string the store connects with.</summary>
        internal string Value { get; }

        /// <summary>The connection string without passwords.</summary>
        internal string Location { get; }
    }
}
