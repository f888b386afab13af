using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// The call log's day partitions: the days this process knows exist, made ahead of need, and retention, which
    /// drops whole days.
    /// </summary>
    internal sealed class PostgreSqlPartitions
    {
        private const string PartitionPrefix = "calls_p";

        private readonly PostgreSqlConnections db;
        private readonly object partitionLock = new object();
        private readonly HashSet<long> partitionDays = new HashSet<long>();
        private bool partitionsLoaded;

        internal PostgreSqlPartitions(PostgreSqlConnections db)
        {
            this.db = db;
        }

        /// <summary>Makes sure the partitions of the days these calls fall on exist.</summary>
        internal void EnsureFor(IReadOnlyList<CallEntry> calls)
        {
            List<long> days = calls.Select(call => Day(UnixTime.ToMs(call.Timestamp))).Distinct().ToList();
            lock (partitionLock)
            {
                if (!partitionsLoaded)
                {
                    using (NpgsqlConnection c = db.Open())
                    {
                        partitionDays.Clear();
                        partitionDays.UnionWith(ListPartitionDays(c));
                    }

                    partitionsLoaded = true;
                }

                if (days.Any(d => !partitionDays.Contains(d)))
                {
                    CreatePartitions(days, required: true);
                }
            }
        }

        /// <summary>Forgets the days known, so the next <see cref="EnsureFor"/> lists them again (another host changed them).</summary>
        internal void Reload()
        {
            lock (partitionLock)
            {
                partitionsLoaded = false;
            }
        }

        /// <summary>
        /// Drops every day partition that lies wholly before <paramref name="before"/> and returns how many rows they held;
        /// also makes the coming days' partitions. A drop that would wait for a long reader is left to the next call.
        /// </summary>
        internal long DropBefore(DateTimeOffset before)
        {
            long dropped = 0;
            long firstKept = Day(UnixTime.ToMs(before));
            lock (partitionLock)
            {
                using (NpgsqlConnection c = db.Open())
                {
                    foreach (long day in ListPartitionDays(c).Where(d => d < firstKept).OrderBy(d => d))
                    {
                        try
                        {
                            using (NpgsqlTransaction t = c.BeginTransaction())
                            {
                                PostgreSqlConnections.Execute(c, t, "SET LOCAL lock_timeout = '1s'");
                                // The owner's function: it counts and drops, for a verify login only days past the retention.
                                dropped += PostgreSqlConnections.Scalar<long>(c, t, "SELECT drop_call_partition(@d)", ("d", day));
                                t.Commit();
                            }
                        }
                        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
                        {
                            break;
                        }

                        partitionDays.Remove(day);
                    }
                }

                CreatePartitions(new[] { Day(UnixTime.ToMs(DateTimeOffset.UtcNow)) }, required: false);
            }

            return dropped;
        }

        private static long Day(long ms) => (long)Math.Floor(ms / (double)UnixTime.MsPerDay);

        // Makes each day's partition and the next days' ahead of need, so that a new day's first call rarely waits for DDL.
        // Ahead-only work gives up at once on a busy table; a partition that calls need now waits up to the busy timeout.
        // Called under partitionLock.
        private void CreatePartitions(IEnumerable<long> days, bool required)
        {
            var wanted = new SortedSet<long>();
            foreach (long day in days)
            {
                for (long d = day; d <= day + db.Options.PartitionsAhead; d++)
                {
                    wanted.Add(d);
                }
            }

            wanted.ExceptWith(partitionDays);
            if (wanted.Count == 0)
            {
                return;
            }

            try
            {
                using (NpgsqlConnection c = db.Open())
                using (NpgsqlTransaction t = c.BeginTransaction())
                {
                    PostgreSqlConnections.Execute(c, t, "SET LOCAL lock_timeout = '" + (required ? (long)db.Options.BusyTimeout.TotalMilliseconds : 1000) + "ms'");
                    PostgreSqlConnections.Execute(c, t, "SELECT pg_advisory_xact_lock(hashtextextended('ApiKeyAdmin partitions ' || current_schema(), 0))");
                    foreach (long day in wanted)
                    {
                        // The owner's function, so that a verify login, which may not make tables, still makes its days.
                        PostgreSqlConnections.Scalar<object>(c, t, "SELECT make_call_partition(@d)", ("d", day));
                    }

                    t.Commit();
                }

                partitionDays.UnionWith(wanted);
            }
            catch (PostgresException ex) when (!required && ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                // The next prune tries again; today's partition already exists.
            }
        }

        private IEnumerable<long> ListPartitionDays(NpgsqlConnection c)
        {
            var days = new List<long>();
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, null,
                "SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid JOIN pg_class parent ON parent.oid = i.inhparent " +
                "JOIN pg_namespace n ON n.oid = parent.relnamespace WHERE n.nspname = @s AND parent.relname = 'calls'"))
            {
                command.Parameters.AddWithValue("s", db.Schema);
                using (NpgsqlDataReader r = command.ExecuteReader())
                {
                    while (r.Read())
                    {
                        string name = r.GetString(0);
                        if (name.StartsWith(PartitionPrefix, StringComparison.Ordinal)
                            && DateTime.TryParseExact(name.Substring(PartitionPrefix.Length), "yyyyMMdd", CultureInfo.InvariantCulture,
                                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime date))
                        {
                            days.Add(Day(UnixTime.ToMs(new DateTimeOffset(date, TimeSpan.Zero))));
                        }
                    }
                }
            }

            return days;
        }
    }
}
