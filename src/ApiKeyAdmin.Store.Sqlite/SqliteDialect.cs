using System.Collections.Generic;
using System.Data;
using System.Data.Common;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// SQLite's spelling of the shared statements: names compare under NOCASE (the accounts and roles columns are
    /// declared so), lists are numbered parameters, a key's last use is on its row, paths match as GLOB.
    /// </summary>
    internal sealed class SqliteDialect : StoreDialect
    {
        /// <summary>The settings row that counts key changes.</summary>
        internal const string KeyGenerationSetting = "key_generation";

        /// <summary>The one dialect; it holds no state.</summary>
        internal static readonly SqliteDialect Instance = new SqliteDialect();

        private SqliteDialect()
        {
        }

        internal override string AccountNameKey => "name";

        internal override string BumpKeyGeneration =>
            "INSERT INTO settings (name, value) VALUES ('" + KeyGenerationSetting + "', '1') " +
            "ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1";

        protected override string LastUsedAt => "k.last_used_at";

        protected override string KeyJoins => string.Empty;

        internal override string Folded(string expression) => expression + " COLLATE NOCASE";

        /// <summary>Adds "@name0, @name1, …" parameters and returns "expression IN (…)".</summary>
        internal override string In<T>(DbCommand command, string expression, string name, IReadOnlyList<T> values)
        {
            var names = new string[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                names[i] = name + i;
                DbParameter parameter = command.CreateParameter();
                parameter.ParameterName = names[i];
                parameter.Value = values[i];
                command.Parameters.Add(parameter);
            }

            return expression + " IN (" + string.Join(", ", names) + ")";
        }

        /// <remarks>
        /// One account (the usual case) is an equality, so calls_account_ts delivers the rows already newest first and
        /// the first row leaves at once; an IN list makes SQLite sort the whole range before the first row.
        /// </remarks>
        internal override string CallAccounts(DbCommand command, IReadOnlyList<string> accounts)
        {
            if (accounts.Count == 1)
            {
                StoreParameters.Add(command, "@a0", DbType.String, accounts[0]);
                return "c.account_id = (SELECT id FROM accounts WHERE name = @a0)";
            }

            return "c.account_id IN (SELECT id FROM accounts WHERE " + In(command, "name", "@a", accounts) + ")";
        }

        internal override string PathMatches(DbCommand command, string column, PathPattern pattern)
        {
            StoreParameters.Add(command, "@path", DbType.String, SqliteGlob.From(pattern));
            return column + " GLOB @path";
        }

        // The columns are NOCASE: values are bound as given.
        protected override IReadOnlyList<string> FoldValues(IReadOnlyList<string> names) => names;
    }
}
