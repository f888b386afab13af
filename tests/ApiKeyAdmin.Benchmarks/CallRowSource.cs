using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>Call rows of the shape the call log keeps, deterministic for a seed, bound to a raw prepared insert.</summary>
    internal sealed class CallRowSource
    {
        internal const string InsertSql =
            "INSERT INTO calls (ts, account_id, key_row, kind, method, path, client, outcome, reason, status_code, duration_ms, fingerprint) " +
            "VALUES (@ts, @a, @k, @kind, @method, @path, @client, @outcome, @reason, @status, @duration, @fp)";

        internal const string CopySql =
            "COPY calls (ts, account_id, key_row, kind, method, path, client, outcome, reason, status_code, duration_ms, fingerprint) FROM STDIN (FORMAT BINARY)";

        private static readonly string[] Methods = { "GET", "GET", "GET", "POST", "PUT", "DELETE" };
        private static readonly int[] Statuses = { 200, 200, 200, 201, 204, 404, 500 };
        private readonly IReadOnlyList<(long Account, long Key)> ids;
        private readonly double busyShare;
        private readonly Random random = new Random(42);
        private readonly string[] paths = new string[64];
        private readonly string[] clients = new string[256];
        private readonly object[] row = new object[12];

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
            object[] row = Next(ts);
            for (int i = 0; i < row.Length; i++)
            {
                p[i].Value = row[i];
            }
        }

        /// <summary>Writes the next row at time <paramref name="ts"/> to a binary COPY in <see cref="CopySql"/>'s column order.</summary>
        internal void Write(NpgsqlBinaryImporter copy, long ts)
        {
            object[] row = Next(ts);
            copy.StartRow();
            copy.Write((long)row[0], NpgsqlDbType.Bigint);
            WriteNullable<long>(copy, row[1], NpgsqlDbType.Bigint);
            WriteNullable<long>(copy, row[2], NpgsqlDbType.Bigint);
            WriteNullable<int>(copy, row[3], NpgsqlDbType.Integer);
            copy.Write((string)row[4], NpgsqlDbType.Text);
            copy.Write((string)row[5], NpgsqlDbType.Text);
            copy.Write((string)row[6], NpgsqlDbType.Text);
            copy.Write((int)row[7], NpgsqlDbType.Integer);
            copy.Write((int)row[8], NpgsqlDbType.Integer);
            copy.Write((int)row[9], NpgsqlDbType.Integer);
            copy.Write((double)row[10], NpgsqlDbType.Double);
            copy.Write((string)row[11], NpgsqlDbType.Text);
        }

        private static void WriteNullable<T>(NpgsqlBinaryImporter copy, object value, NpgsqlDbType type)
        {
            if (value is DBNull)
            {
                copy.WriteNull();
            }
            else
            {
                copy.Write((T)value, type);
            }
        }

        // One row's values in InsertSql's order: 30% the busy account, the rest the others, 3% refused unknown keys.
        private object[] Next(long ts)
        {
            double r = random.NextDouble();
            bool unknown = r > 0.97;
            (long Account, long Key) id = r < busyShare || ids.Count == 1 ? ids[0] : ids[1 + random.Next(ids.Count - 1)];
            row[0] = ts;
            row[1] = unknown ? DBNull.Value : id.Account;
            row[2] = unknown ? DBNull.Value : id.Key;
            row[3] = unknown ? DBNull.Value : (object)(int)KeyKind.Standard;
            row[4] = Methods[random.Next(Methods.Length)];
            row[5] = paths[random.Next(paths.Length)];
            row[6] = clients[random.Next(clients.Length)];
            row[7] = (int)(unknown ? CallOutcome.Denied : CallOutcome.Allowed);
            row[8] = (int)(unknown ? VerificationReason.Unknown : VerificationReason.Valid);
            row[9] = unknown ? 401 : Statuses[random.Next(Statuses.Length)];
            row[10] = Math.Round(random.NextDouble() * 80, 3);
            row[11] = unknown ? "5f3a9c1e" : string.Empty;
            return row;
        }
    }
}
