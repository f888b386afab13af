using System;
using System.Collections.Generic;
using System.Data.Common;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// PostgreSQL's spelling of the shared statements: names compare as lower(...) (the unique indexes are on it), a
    /// list is one array parameter, a key's last use lives in key_usage, a key change is announced with NOTIFY, paths
    /// match as anchored regular expressions.
    /// </summary>
    internal sealed class PostgreSqlDialect : StoreDialect
    {
        private readonly Func<IReadOnlyList<string>, long[]> accountIds;

        /// <summary>A dialect whose call filter looks account ids up with <paramref name="accountIds"/> before the read.</summary>
        internal PostgreSqlDialect(Func<IReadOnlyList<string>, long[]> accountIds)
        {
            this.accountIds = accountIds;
        }

        internal override string AccountNameKey => "lower(name)";

        // The notification goes out when the transaction commits, and not at all if it rolls back; repeats within one
        // transaction are folded into one.
        internal override string BumpKeyGeneration =>
            "INSERT INTO key_generation (id, value) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET value = key_generation.value + 1; " +
            "SELECT pg_notify('" + PostgreSqlKeyStore.ChangeChannel + "', current_schema())";

        // LastUsedAt lives in a table of its own so that verifiers never wait on, or deadlock with, a rotation's key rows.
        protected override string LastUsedAt => "u.last_used_at";

        protected override string KeyJoins => " LEFT JOIN key_usage u ON u.key_row = k.id";

        internal override string Folded(string expression) => "lower(" + expression + ")";

        /// <summary>Adds one array parameter, so that a list is "= ANY(@name)" whatever its length.</summary>
        internal override string In<T>(DbCommand command, string expression, string name, IReadOnlyList<T> values)
        {
            var array = new T[values.Count];
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = values[i];
            }

            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = array;
            command.Parameters.Add(parameter);
            return expression + " = ANY(" + name + ")";
        }

        /// <remarks>
        /// The ids themselves, looked up first: with a subquery in their place the planner cannot see that one account
        /// makes a third of the calls, and sorted the account's whole day before sending its first row. Ids never change
        /// (accounts are never deleted), so looking them up outside the read's snapshot is safe.
        /// </remarks>
        internal override string CallAccounts(DbCommand command, IReadOnlyList<string> accounts) =>
            In(command, "c.account_id", "@a", accountIds(accounts));

        internal override string PathMatches(DbCommand command, string column, PathPattern pattern)
        {
            StoreParameters.Add(command, "@path", System.Data.DbType.String, PostgreSqlPathRegex.From(pattern));
            return column + " ~ @path";
        }

        protected override IReadOnlyList<string> FoldValues(IReadOnlyList<string> names)
        {
            var lowered = new string[names.Count];
            for (int i = 0; i < lowered.Length; i++)
            {
                lowered[i] = names[i].ToLowerInvariant();
            }

            return lowered;
        }
    }
}
