using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// The verifier's call writer and the call log's retention, on a connection of their own: they run on the
    /// verifier's background thread, so their failures drop that connection, never the one a request thread may be
    /// using at that moment.
    /// </summary>
    internal sealed class SqliteCallWriter : IDisposable
    {
        private readonly SqliteConnections connections;
        private readonly object callWriterLock = new object();
        private SqliteConnection callWriter;
        private CallStatements callStatements;

        internal SqliteCallWriter(SqliteConnections connections)
        {
            this.connections = connections;
        }

        /// <summary>
        /// Writes the calls in one transaction and moves the keys' last use forward. One prepared insert per connection,
        /// reused for every batch, with account and key row ids looked up once per name and remembered: accounts and
        /// keys are never deleted, so their row ids never change.
        /// </summary>
        internal void Append(IReadOnlyList<CallEntry> calls)
        {
            if (calls.Count == 0)
            {
                return;
            }

            lock (callWriterLock)
            {
                connections.Guard(() =>
                {
                    CallStatements s = CallWriter();
                    using (SqliteTransaction transaction = callWriter.BeginTransaction(deferred: false))
                    {
                        s.Enlist(transaction);
                        SqliteParameter[] p = s.InsertParameters;
                        var lastUse = new Dictionary<long, long>();
                        foreach (CallEntry call in calls)
                        {
                            long ts = UnixTime.ToMs(call.Timestamp);
                            long? keyRow = call.KeyId == null ? null : s.KeyRow(call.KeyId);
                            long? accountRow = call.Account == null ? null : s.AccountRow(call.Account);
                            p[0].Value = ts;
                            p[1].Value = accountRow.HasValue ? (object)accountRow.Value : DBNull.Value;
                            p[2].Value = keyRow.HasValue ? (object)keyRow.Value : DBNull.Value;
                            p[3].Value = call.Kind.HasValue ? (object)(int)call.Kind.Value : DBNull.Value;
                            p[4].Value = call.Method ?? string.Empty;
                            p[5].Value = call.Path ?? string.Empty;
                            p[6].Value = call.ClientAddress ?? string.Empty;
                            p[7].Value = (int)call.Outcome;
                            p[8].Value = (int)call.Reason;
                            p[9].Value = call.StatusCode.HasValue ? (object)call.StatusCode.Value : DBNull.Value;
                            p[10].Value = call.DurationMs.HasValue ? (object)call.DurationMs.Value : DBNull.Value;
                            p[11].Value = call.KeyFingerprint ?? string.Empty;
                            s.Insert.ExecuteNonQuery();
                            if (call.Outcome == CallOutcome.Allowed && keyRow.HasValue
                                && (!lastUse.TryGetValue(keyRow.Value, out long seen) || seen < ts))
                            {
                                lastUse[keyRow.Value] = ts;
                            }
                        }

                        foreach (KeyValuePair<long, long> use in lastUse)
                        {
                            s.Touch(use.Key, use.Value);
                        }

                        transaction.Commit();
                    }

                    return 0;
                }, DropCallWriter);
            }
        }

        /// <summary>Deletes at most <paramref name="maxRows"/> calls older than <paramref name="before"/>, oldest first; returns how many.</summary>
        internal int Prune(DateTimeOffset before, int maxRows)
        {
            lock (callWriterLock)
            {
                return connections.Guard(() =>
                {
                    CallWriter();
                    using (var delete = new SqliteCommand(
                        "DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE ts < @before ORDER BY ts LIMIT @n)", callWriter))
                    {
                        delete.Parameters.AddWithValue("@before", UnixTime.ToMs(before));
                        delete.Parameters.AddWithValue("@n", maxRows);
                        return delete.ExecuteNonQuery();
                    }
                }, DropCallWriter);
            }
        }

        public void Dispose()
        {
            lock (callWriterLock)
            {
                callStatements?.Dispose();
                callStatements = null;
                callWriter?.Dispose();
                callWriter = null;
            }
        }

        // The connection and statements, opened on first use and kept: the writer runs every flush interval. Called under callWriterLock.
        private CallStatements CallWriter()
        {
            if (callWriter == null)
            {
                callStatements?.Dispose();
                callStatements = null;
                callWriter = connections.Open(SqliteOpenMode.ReadWrite, synchronousFull: false);
            }

            return callStatements ?? (callStatements = new CallStatements(callWriter));
        }

        // Called under callWriterLock.
        private void DropCallWriter()
        {
            callWriter?.Dispose();
            callWriter = null;
        }
    }
}
