using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// Processes killed without warning (SIGKILL) in the middle of rotations, deactivations and generations: whatever
    /// moment the kill lands on, the store reopens whole and the audit log still tells the key table's story.
    /// </summary>
    public sealed class CrashTests : IDisposable
    {
        private const int Rounds = 50;
        private const int ChildrenPerRound = 2;
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

        private readonly TestStore store = new TestStore();
        private readonly ITestOutputHelper output;

        public CrashTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public void Dispose() => store.Dispose();

        [Fact]
        public void A_hundred_kills_in_the_middle_of_writes_leave_a_store_that_reopens_whole_and_agrees_with_its_audit_log()
        {
            int seed = Environment.TickCount;
            output.WriteLine($"seed {seed}");
            var random = new Random(seed);
            store.Clock.UtcNow = DateTimeOffset.UtcNow;
            store.Manager.Keys.Create("acme", KeyKind.Standard, "crash loop");
            store.CloseAll();

            int keys = 0;
            long auditRows = 0;
            int inside = 0;
            for (int round = 0; round < Rounds; round++)
            {
                // Two at once, so that some kills land while the other child waits for the write lock.
                var children = Enumerable.Range(0, ChildrenPerRound)
                    .Select(_ => StressChild.Start("crash-loop", store.StorePath, store.KeyFolder.Folder, random.Next().ToString()))
                    .ToList();
                try
                {
                    // Each child is killed a random 5-60 ms after its own first write, while it goes on writing.
                    int[] delays = children.Select(_ => 5 + random.Next(56)).ToArray();
                    var failures = new List<Exception>();
                    var kills = children.Select((child, i) => new Thread(() =>
                    {
                        try
                        {
                            child.Expect("ready", Patience);
                            Thread.Sleep(delays[i]);
                            child.Kill();
                        }
                        catch (Exception ex)
                        {
                            lock (failures)
                            {
                                failures.Add(ex);
                            }
                        }
                    })).ToList();
                    kills.ForEach(k => k.Start());
                    kills.ForEach(k => k.Join());
                    Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Select(f => f.Message)));
                    foreach (StressChild child in children)
                    {
                        inside += child.Lines.Last() == "op" ? 1 : 0;
                        string[] errors = child.Lines.Where(l => l.StartsWith("error", StringComparison.Ordinal)).ToArray();
                        Assert.True(errors.Length == 0, $"round {round}: child {child.Id} reported {string.Join(" | ", errors)}");
                    }
                }
                finally
                {
                    children.ForEach(c => c.Dispose());
                }

                keys = StoreInvariants.AssertConsistent(store);
                auditRows = store.Count("SELECT count(*) FROM audit");
                store.CloseAll();
            }

            output.WriteLine($"{Rounds * ChildrenPerRound} kills, {inside} inside an operation; the store ended with {keys} keys and {auditRows} audit rows.");
            Assert.True(inside >= Rounds * ChildrenPerRound / 4, $"only {inside} kills landed inside an operation");
        }

        [Fact]
        public void Kills_while_the_first_write_creates_the_store_leave_no_store_or_a_whole_one()
        {
            const int Kills = 10;
            int seed = Environment.TickCount;
            output.WriteLine($"seed {seed}");
            var random = new Random(seed);
            int whole = 0;
            int fileOnly = 0;
            int orphanKeys = 0;
            for (int i = 0; i < Kills; i++)
            {
                using (var fresh = new TestStore())
                {
                    fresh.Clock.UtcNow = DateTimeOffset.UtcNow;
                    using (StressChild child = StressChild.Start("crash-loop", fresh.StorePath, fresh.KeyFolder.Folder, random.Next().ToString()))
                    {
                        // The first operation makes the store: its file, schema, data-protection key and first audit rows.
                        child.Expect("warm-up", Patience);
                        Thread.Sleep(random.Next(400));
                        child.Kill();
                    }

                    if (fresh.Manager.StoreExists)
                    {
                        whole++;
                    }
                    else
                    {
                        fileOnly += System.IO.File.Exists(fresh.StorePath) ? 1 : 0;
                        orphanKeys += System.IO.Directory.Exists(fresh.KeyFolder.Folder) ? System.IO.Directory.GetFiles(fresh.KeyFolder.Folder).Length : 0;
                        Assert.Empty(fresh.Manager.Keys.List(new KeyQuery()).Keys);
                        Assert.Equal(KeyStatus.Active, fresh.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.Status);
                    }

                    StoreInvariants.AssertConsistent(fresh);
                    Assert.Single(fresh.Audit(), a => a.Action == AuditAction.StoreCreated);
                }
            }

            output.WriteLine($"{Kills} kills during creation: {whole} left a store; of the {Kills - whole} that left none, {fileOnly} left a " +
                $"file without a store and {orphanKeys} a data-protection key that no store names.");
        }
    }
}
