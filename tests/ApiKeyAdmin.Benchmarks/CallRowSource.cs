using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>Call rows of the shape the call log keeps, deterministic for a seed, bound to a raw prepared insert.</summary>
    internal sealed class CallRowSource
    {
        internal const string InsertSql =
            "INSERT INTO calls (ts, account_id, key_row, kind, method, path, client, outcome, reason, status_code, duration_ms, fingerprint) " +
            "VALUES (@ts, @a, @k, @kind, @method, @path, @client, @outcome, @reason, @status, @duration, @fp)";

        private static readonly string[] Methods = { "GET", "GET", "GET", "POST", "PUT", "DELETE" };
        private static readonly int[] Statuses = { 200, 200, 200, 201, 204, 404, 500 };
        private readonly IReadOnlyList<(long Account, long Key)> ids;
        private readonly double busyShare;
        private readonly Random random = new Random(42);
        private readonly string[] paths = new string[64];
        private readonly string[] clients = new string[256];

        internal CallRowSource(IReadOnlyList<(long Account, long Key)> ids, double busyShare)
        {
            this.ids = ids;
            this.busyShare = busyShare;
            for (int i = 0; i < paths.Length; i++)
            {
                paths[i] = "/crm/v3/objects/contacts/" + (1000 + i * 37);
            }

            for (int i = 0; i < clients.Length; i++)
            {
                clients[i] = "203.0.113." + i;
            }
        }

        internal static SqliteCommand PrepareInsert(SqliteConnection c, SqliteTransaction transaction, out SqliteParameter[] p)
        {
            SqliteCommand insert = c.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = InsertSql;
            string[] names = { "@ts", "@a", "@k", "@kind", "@method", "@path", "@client", "@outcome", "@reason", "@status", "@duration", "@fp" };
            p = new SqliteParameter[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                p[i] = insert.Parameters.Add(new SqliteParameter { ParameterName = names[i] });
            }

            insert.Prepare();
            return insert;
        }

        /// <summary>Binds the next row at time <paramref name="ts"/>.</summary>
        internal void Bind(SqliteParameter[] p, long ts)
        {
            double r = random.NextDouble();
            bool unknown = r > 0.97;
            (long Account, long Key) id = r < busyShare || ids.Count == 1 ? ids[0] : ids[1 + random.Next(ids.Count - 1)];
            p[0].Value = ts;
            p[1].Value = unknown ? DBNull.Value : id.Account;
            p[2].Value = unknown ? DBNull.Value : id.Key;
            p[3].Value = unknown ? DBNull.Value : (object)(int)KeyKind.Standard;
            p[4].Value = Methods[random.Next(Methods.Length)];
            p[5].Value = paths[random.Next(paths.Length)];
            p[6].Value = clients[random.Next(clients.Length)];
            p[7].Value = (int)(unknown ? CallOutcome.Denied : CallOutcome.Allowed);
            p[8].Value = (int)(unknown ? VerificationReason.Unknown : VerificationReason.Valid);
            p[9].Value = unknown ? 401 : Statuses[random.Next(Statuses.Length)];
            p[10].Value = Math.Round(random.NextDouble() * 80, 3);
            p[11].Value = unknown ? "5f3a9c1e" : string.Empty;
        }
    }
}
