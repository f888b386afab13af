using System;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>How a PostgreSQL store waits.</summary>
    public sealed class PostgreSqlStoreOptions
    {
        /// <summary>How long a writer waits for another writer's lock before StoreLocked: 10 seconds.</summary>
        public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How many rows a log read fetches from its server-side cursor per round trip.</summary>
        public int FetchSize { get; set; } = 1000;

        /// <summary>How many day partitions of the call log exist ahead of the newest call.</summary>
        public int PartitionsAhead { get; set; } = 2;
    }
}
