using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// A key rotated with a grace period while a bounded stream of requests runs through nginx: no request with the new
    /// key, or with the old one inside its grace, is refused; once the old key is disabled it is refused within one
    /// second; and every request of the run is in the call log.
    /// </summary>
    public sealed class RotationUnderLoadTests : IClassFixture<NginxRig>
    {
        private const int Workers = 4;
        private const int MaxRequests = 4_000;
        private readonly NginxRig rig;

        public RotationUnderLoadTests(NginxRig rig)
        {
            this.rig = rig;
        }

        [SkippableFact]
        public async Task A_rotation_with_grace_refuses_no_good_key_and_the_disabled_old_key_is_refused_within_a_second()
        {
            Skip.If(rig.SkipReason != null, rig.SkipReason);
            IssuedKey old = rig.Store.NewKey("rotor");
            IssuedKey current = null;
            string prefix = GatewayRig.UniquePath("/rotation");
            var results = new ConcurrentQueue<(string Key, long Started, HttpStatusCode Status)>();
            int sent = 0;
            long disableStarted = long.MaxValue;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

            async Task Load(int worker)
            {
                for (int i = worker; !stop.IsCancellationRequested; i += Workers)
                {
                    if (Interlocked.Increment(ref sent) > MaxRequests)
                    {
                        return;
                    }

                    // Before the disable, both keys in turn; after it, only the new one, which must keep passing.
                    IssuedKey next = Volatile.Read(ref current);
                    IssuedKey key = next == null || (Interlocked.Read(ref disableStarted) == long.MaxValue && i % 2 == 0) ? old : next;
                    long started = Stopwatch.GetTimestamp();
                    using HttpResponseMessage response = await rig.Get(rig.Proxy.Address, $"{prefix}/{worker}-{i}", key.Secret);
                    results.Enqueue((key == old ? "old" : "new", started, response.StatusCode));

                    // Paced, so that on a quiet machine the request budget lasts past the rotation and the disable
                    // rather than being spent in the first second.
                    await Task.Delay(10);
                }
            }

            Task[] load = Enumerable.Range(0, Workers).Select(w => Task.Run(() => Load(w))).ToArray();
            await Task.Delay(1000);
            Volatile.Write(ref current, rig.Store.Rotate(old, TimeSpan.FromMinutes(10)));
            await Task.Delay(2000);

            Interlocked.Exchange(ref disableStarted, Stopwatch.GetTimestamp());
            rig.Store.Disable(old);
            var sinceDisable = Stopwatch.StartNew();
            TimeSpan? refusedAfter = null;
            int probes = 0;
            while (refusedAfter == null && sinceDisable.Elapsed < TimeSpan.FromSeconds(5))
            {
                probes++;
                using HttpResponseMessage probe = await rig.Get(rig.Proxy.Address, $"{prefix}/probe-{probes}", old.Secret);
                if (probe.StatusCode == HttpStatusCode.Unauthorized)
                {
                    refusedAfter = sinceDisable.Elapsed;
                }
            }

            for (int i = 0; i < 5; i++)
            {
                probes++;
                using HttpResponseMessage after = await rig.Get(rig.Proxy.Address, $"{prefix}/probe-{probes}", old.Secret);
                Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
            }

            await Task.Delay(500);
            stop.Cancel();
            await Task.WhenAll(load);

            long disabledAt = Interlocked.Read(ref disableStarted);
            var good = results.Where(r => r.Key == "new" || r.Started < disabledAt).ToList();
            Assert.True(good.Count > 100, $"only {good.Count} requests ran before and after the rotation");
            Assert.Contains(good, r => r.Key == "new" && r.Started < disabledAt);
            Assert.All(good, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            Assert.True(refusedAfter.HasValue && refusedAfter.Value < TimeSpan.FromSeconds(1), $"the disabled key was refused after {refusedAfter?.TotalMilliseconds ?? -1} ms");

            // Every request of the run, the probes included, is one row of the call log.
            int requests = results.Count + probes;
            var watch = Stopwatch.StartNew();
            int logged;
            while ((logged = rig.Store.Calls(prefix + "/*").Count) < requests && watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
            }

            Assert.Equal(requests, logged);
        }
    }
}
