using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;

namespace ApiKeyAdmin.Storage
{
    /// <summary>The WHERE conditions of one query, combined with AND, whose parameters go on its command.</summary>
    internal sealed class SqlConditions
    {
        private readonly StoreDialect dialect;
        private readonly DbCommand command;
        private readonly List<string> where = new List<string>();

        internal SqlConditions(StoreDialect dialect, DbCommand command)
        {
            this.dialect = dialect;
            this.command = command;
        }

        /// <summary>Adds a condition whose parameters the caller binds.</summary>
        internal void Add(string condition) => where.Add(condition);

        /// <summary>Adds "<paramref name="expression"/> = <paramref name="name"/>" unless <paramref name="value"/> is null.</summary>
        internal void Equal(string expression, string name, DbType type, object value)
        {
            if (value != null)
            {
                where.Add(expression + " = " + name);
                StoreParameters.Add(command, name, type, value);
            }
        }

        /// <summary>Adds that the name in <paramref name="column"/> is <paramref name="value"/> without regard to case, unless it is null.</summary>
        internal void FoldedEqual(string column, string name, string value)
        {
            if (value != null)
            {
                where.Add(dialect.Folded(column) + " = " + dialect.Folded(name));
                StoreParameters.Add(command, name, DbType.String, value);
            }
        }

        /// <summary>Adds <paramref name="column"/> at or after <paramref name="since"/> and before <paramref name="until"/>, each when given.</summary>
        internal void TimeRange(string column, DateTimeOffset? since, DateTimeOffset? until)
        {
            Compare(column, ">=", "@since", since);
            Compare(column, "<", "@until", until);
        }

        /// <summary>" LIMIT @first", bound, or empty without a limit.</summary>
        internal string Limit(int? first)
        {
            if (!first.HasValue)
            {
                return string.Empty;
            }

            StoreParameters.Add(command, "@first", DbType.Int32, first.Value);
            return " LIMIT @first";
        }

        /// <summary>" WHERE a AND b ...", or empty without conditions.</summary>
        public override string ToString() => where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);

        private void Compare(string column, string comparison, string name, DateTimeOffset? time)
        {
            if (time.HasValue)
            {
                where.Add(column + " " + comparison + " " + name);
                StoreParameters.Add(command, name, DbType.Int64, UnixTime.ToMs(time.Value));
            }
        }
    }
}
