using System;
using System.Threading;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// How verifiers on every host learn of key changes: the key generation, bumped in the same transaction as every
    /// key change, and one connection that LISTENs for the NOTIFY sent with it.
    /// </summary>
    internal sealed class PostgreSqlChanges : IDisposable
    {
        private readonly PostgreSqlConnections db;
        private readonly object listenerLock = new object();
        private NpgsqlConnection listener;

        internal PostgreSqlChanges(PostgreSqlConnections db)
        {
            this.db = db;
        }

        /// <summary>
        /// The key generation: one indexed single-row read; call rows and other writes leave it alone, so caches are
        /// dropped only for key changes.
        /// </summary>
        internal long Counter()
        {
            using (NpgsqlConnection c = db.Open())
            {
                // A row deleted by hand reads as 0, and the next key change writes it again.
                return PostgreSqlConnections.Scalar<long>(c, null, "SELECT coalesce((SELECT value FROM key_generation WHERE id = 1), 0)");
            }
        }

        /// <summary>
        /// Waits for a notification, the timeout or the cancellation. The listening connection lives as long as the store;
        /// a failure drops it, so the next wait opens a new one, and the caller's counter read after the failed wait
        /// covers what was announced in between.
        /// </summary>
        internal void Wait(TimeSpan timeout, CancellationToken cancellation)
        {
            lock (listenerLock)
            {
                try
                {
                    if (listener == null)
                    {
                        listener = db.Open();
                        PostgreSqlConnections.Execute(listener, null, "LISTEN " + PostgreSqlKeyStore.ChangeChannel);
                    }

                    listener.WaitAsync(timeout, cancellation).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // Disposing: the listening connection is in an unknown state after a cancelled wait.
                    DropListener();
                }
                catch
                {
                    DropListener();
                    throw;
                }
            }
        }

        public void Dispose()
        {
            lock (listenerLock)
            {
                DropListener();
            }
        }

        // Called under listenerLock.
        private void DropListener()
        {
            listener?.Dispose();
            listener = null;
        }
    }
}
