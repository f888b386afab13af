using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// The stores the scenarios run on. The schema, keys and audit rows always come from the core (so they are the real
    /// ones); the millions of call rows are raw batched inserts into that schema. Big stores are cached in the work
    /// folder between runs and rebuilt only when missing, of another size, or too old for the 7-day window.
    /// </summary>
    internal sealed class Fixtures
    {
        internal const string BusyAccount = "busy";
        private static readonly TimeSpan MaxCacheAge = TimeSpan.FromDays(5);

        private readonly string work;
        private readonly BenchSize size;

        internal Fixtures(string work, BenchSize size)
        {
            this.work = work;
            this.size = size;
        }

        internal static SqliteStoreOptions StoreOptions => new SqliteStoreOptions { Pooling = false };

        internal static ApiKeyManager NewManager(string path) =>
            new ApiKeyManager(new SqliteKeyStore(path, StoreOptions), OsIdentity.Instance, ProtectionKeyFolder.ForCurrentUser());

        internal static SqliteConnection OpenRaw(string path, bool readOnly = false)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
                Pooling = false,
            };
            var c = new SqliteConnection(builder.ToString());
            c.Open();
            return c;
        }

        internal static void Exec(SqliteConnection c, string sql)
        {
            using SqliteCommand command = c.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        internal static long Scalar(SqliteConnection c, string sql)
        {
            using SqliteCommand command = c.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar());
        }

        /// <summary>A fresh store with one account's key, made through the core; returns the key's secret.</summary>
        internal string FreshStore(string name, string account, out string path)
        {
            path = Path.Combine(work, name + ".db");
            DeleteStore(path);
            using ApiKeyManager manager = NewManager(path);
            return manager.Keys.Create(account, KeyKind.Standard, null).Secret;
        }

        /// <summary>The cached call-log store: <see cref="BenchSize.CallRows"/> calls over the 7 days before its anchor.</summary>
        internal CallStore CallLogStore()
        {
            string path = Path.Combine(work, $"calls-{size.Name}.db");
            string metaPath = path + ".json";
            if (File.Exists(path) && File.Exists(metaPath))
            {
                CallStore cached = JsonSerializer.Deserialize<CallStore>(File.ReadAllText(metaPath));
                if (cached.Rows == size.CallRows && DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(cached.AnchorMs) < MaxCacheAge)
                {
                    cached.Path = path;
                    // Opening through the core applies any newer schema migration to the cached file.
                    using (ApiKeyManager manager = NewManager(path))
                    {
                        _ = manager.StoreExists;
                    }

                    return cached;
                }
            }

            Log($"building the {size.Name} call-log store ({size.CallRows:N0} rows); it is cached in {work}");
            var watch = Stopwatch.StartNew();
            DeleteStore(path);
            var accounts = new List<string> { BusyAccount };
            for (int i = 1; i < size.CallAccounts; i++)
            {
                accounts.Add($"acct{i:D5}");
            }

            CreateKeys(path, accounts);
            long anchor = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long start = anchor - (long)TimeSpan.FromDays(7).TotalMilliseconds + 60_000;
            InsertCalls(path, size.CallRows, start, anchor, busyShare: 0.3);
            var store = new CallStore { Path = path, Rows = size.CallRows, AnchorMs = anchor, Accounts = accounts.Count };
            File.WriteAllText(metaPath, JsonSerializer.Serialize(store));
            Log($"built in {watch.Elapsed.TotalSeconds:N0} s");
            return store;
        }

        /// <summary>A working copy of the cached pruning store: <see cref="BenchSize.PruneRows"/> expired calls and a few recent ones.</summary>
        internal string PruneStore()
        {
            string template = Path.Combine(work, $"prune-{size.Name}.template.db");
            if (!File.Exists(template) || !File.Exists(template + ".json"))
            {
                Log($"building the {size.Name} pruning store ({size.PruneRows:N0} expired rows)");
                var watch = Stopwatch.StartNew();
                DeleteStore(template);
                CreateKeys(template, new[] { BusyAccount, "acct00001", "acct00002" });
                long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                long day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
                // Expired: between 14 and 8 days old, so they stay expired however long the template is kept.
                InsertCalls(template, size.PruneRows, now - 14 * day, now - 8 * day, busyShare: 0.3);
                File.WriteAllText(template + ".json", "{}");
                Log($"built in {watch.Elapsed.TotalSeconds:N0} s");
            }

            return CopyStore(template, "prune-run");
        }

        /// <summary>A working copy of the cached rotation store: <see cref="BenchSize.RotationAccounts"/> accounts with a key each.</summary>
        internal string RotationStore()
        {
            string template = Path.Combine(work, $"rotate-{size.Name}.template.db");
            if (!File.Exists(template) || !File.Exists(template + ".json"))
            {
                Log($"building the {size.Name} rotation store ({size.RotationAccounts:N0} accounts)");
                var watch = Stopwatch.StartNew();
                DeleteStore(template);
                var accounts = new List<string>();
                for (int i = 0; i < size.RotationAccounts; i++)
                {
                    accounts.Add($"acct{i:D5}");
                }

                CreateKeys(template, accounts);
                File.WriteAllText(template + ".json", "{}");
                Log($"built in {watch.Elapsed.TotalSeconds:N0} s");
            }

            return CopyStore(template, "rotate-run");
        }

        internal static void DeleteStore(string path)
        {
            foreach (string file in new[] { path, path + "-wal", path + "-shm", path + ".json" })
            {
                File.Delete(file);
            }
        }

        internal static void Log(string text) => Console.Error.WriteLine("# " + text);

        private string CopyStore(string template, string name)
        {
            string path = Path.Combine(work, name + ".db");
            DeleteStore(path);
            File.Copy(template, path);
            // The copy leaves up to a gigabyte of dirty pages that the kernel writes back while the scenario runs: the
            // first pruning batch waited 716 ms on that writeback. A store in service has no such backlog.
            using (var copy = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
            {
                copy.Flush(flushToDisk: true);
            }

            return path;
        }

        private static void CreateKeys(string path, IReadOnlyList<string> accounts)
        {
            using ApiKeyManager manager = NewManager(path);
            foreach (string account in accounts)
            {
                manager.Keys.Create(account, KeyKind.Standard, null);
            }
        }

        /// <summary>
        /// Raw batched inserts of call rows, timestamps spread evenly over [from, to): 30% from the busy account, the
        /// rest from the others, 3% refused unknown keys.
        /// </summary>
        private static void InsertCalls(string path, long rows, long from, long to, double busyShare)
        {
            using SqliteConnection c = OpenRaw(path);
            Exec(c, "PRAGMA synchronous = OFF; PRAGMA cache_size = -400000;");
            var ids = new List<(long Account, long Key)>();
            using (SqliteCommand select = c.CreateCommand())
            {
                select.CommandText = "SELECT a.id, k.id FROM accounts a JOIN keys k ON k.account_id = a.id ORDER BY a.id";
                using SqliteDataReader r = select.ExecuteReader();
                while (r.Read())
                {
                    ids.Add((r.GetInt64(0), r.GetInt64(1)));
                }
            }

            var rows_ = new CallRowSource(ids, busyShare);
            double step = (double)(to - from) / rows;
            const int batch = 50_000;
            var watch = Stopwatch.StartNew();
            for (long done = 0; done < rows;)
            {
                using SqliteTransaction transaction = c.BeginTransaction();
                using SqliteCommand insert = CallRowSource.PrepareInsert(c, transaction, out SqliteParameter[] p);
                long end = Math.Min(rows, done + batch);
                for (; done < end; done++)
                {
                    rows_.Bind(p, from + (long)(done * step));
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
                if (done % 1_000_000 == 0)
                {
                    Log($"{done:N0} rows, {done / watch.Elapsed.TotalSeconds:N0}/s");
                }
            }

            Exec(c, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    /// <summary>What the cached call-log store holds.</summary>
    internal sealed class CallStore
    {
        public string Path { get; set; }

        public long Rows { get; set; }

        public long AnchorMs { get; set; }

        public int Accounts { get; set; }
    }
}
