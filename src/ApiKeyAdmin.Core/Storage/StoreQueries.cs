using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;

namespace ApiKeyAdmin.Storage
{
    /// <summary>The log queries' conditions, written once for every store over its <see cref="StoreDialect"/>.</summary>
    internal static class StoreQueries
    {
        /// <summary>The whole audit query for <paramref name="filter"/>, its parameters bound on <paramref name="command"/>.</summary>
        internal static string Audit(StoreDialect dialect, DbCommand command, AuditFilter filter)
        {
            var where = new SqlConditions(dialect, command);
            if (filter.Accounts != null)
            {
                // Account and user names are case-insensitive everywhere else (accounts, roles); the audit table keeps
                // them as written, so its filters fold case the same way.
                where.Add(dialect.FoldedIn(command, "account", "@a", filter.Accounts));
            }

            if (filter.Actions != null)
            {
                var names = new List<string>();
                foreach (AuditAction action in filter.Actions)
                {
                    names.Add(action.ToString());
                }

                where.Add(dialect.In(command, "action", "@x", names));
            }

            where.Equal("key_id", "@key", DbType.String, filter.KeyId);
            where.FoldedEqual("actor", "@actor", filter.Actor);

            where.TimeRange("ts", filter.Since, filter.Until);
            return "SELECT " + StoreRows.AuditColumns + " FROM audit" + where
                + (filter.OldestFirst ? " ORDER BY seq" : " ORDER BY seq DESC") + where.Limit(filter.First);
        }

        /// <summary>
        /// The conditions Get-ApiKeyCallLog and Measure-ApiKeyCallLog share (<see cref="CallFilter.First"/> aside), so both
        /// select exactly the same calls; over the calls table as c.
        /// </summary>
        internal static SqlConditions Calls(StoreDialect dialect, DbCommand command, CallFilter filter)
        {
            var where = new SqlConditions(dialect, command);
            where.TimeRange("c.ts", filter.Since, filter.Until);
            if (filter.Accounts != null)
            {
                where.Add(dialect.CallAccounts(command, filter.Accounts));
            }

            if (filter.KeyId != null)
            {
                where.Add("c.key_row = (SELECT id FROM keys WHERE key_id = @key)");
                StoreParameters.Add(command, "@key", DbType.String, filter.KeyId);
            }

            where.Equal("c.outcome", "@outcome", DbType.Int32, filter.Outcome.HasValue ? (object)(int)filter.Outcome.Value : null);
            if (filter.StatusCodes != null)
            {
                where.Add(dialect.In(command, "c.status_code", "@s", filter.StatusCodes));
            }

            where.FoldedEqual("c.method", "@method", filter.Method);

            if (filter.Path != null)
            {
                where.Add(dialect.PathMatches(command, "c.path", filter.Path));
            }

            return where;
        }

        /// <summary>The width of an interval in milliseconds, by which a call's timestamp is divided into its bucket.</summary>
        internal static long IntervalMs(CallInterval interval)
        {
            switch (interval)
            {
                case CallInterval.Hour:
                    return (long)TimeSpan.FromHours(1).TotalMilliseconds;
                case CallInterval.Day:
                    return UnixTime.MsPerDay;
                default:
                    throw new ArgumentOutOfRangeException(nameof(interval), interval, "Not an interval.");
            }
        }
    }
}
