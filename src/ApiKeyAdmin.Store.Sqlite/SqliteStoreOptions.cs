using System;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>How a SQLite store connects.</summary>
    public sealed class SqliteStoreOptions
    {
        /// <summary>How long a writer waits for another writer before StoreLocked: 10 seconds.</summary>
        public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Reuse connections across store instances; tests switch it off so files can be deleted at once.</summary>
        public bool Pooling { get; set; } = true;
    }
}
