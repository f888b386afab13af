using System.Diagnostics;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// A store that goes away mid-run: the PostgreSQL server under the service is stopped. Keys the service has in memory
    /// keep their answers for the outage tolerance, every other key is 503, and /healthz says so; when the server is
    /// back, so is the service. Through nginx, when it is installed, the refusal stays a 503. (A SQLite file cannot go away under an open connection; a database server can.)
    /// </summary>
    public sealed class StoreOutageTests : IDisposable
    {
        private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(4);

        // The tolerance runs from the verifier's last good change check, which may have started up to one check interval
        // (100 ms) and one check before the server stopped: the slack on either side of the tolerance.
        private static readonly TimeSpan CheckSlack = TimeSpan.FromMilliseconds(200);
        private readonly HttpClient client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        private PostgreSqlServer server;
        private GatewayStore store;
        private GatewayProcess gateway;
        private Upstream upstream;
        private ProxyProcess proxy;

        [SkippableFact]
        public async Task Cached_keys_answer_for_the_outage_tolerance_others_get_503_and_healthz_says_so()
        {
            // A server of the test's own: the others of the run must not see it go away.
            server = PostgreSqlServer.StartOwn(out string skipReason);
            Skip.If(server == null, skipReason);
            store = new GatewayStore(server.ForSchema("outage"));
            IssuedKey cached = store.NewKey("acme");
            IssuedKey uncached = store.NewKey("globex");
            gateway = GatewayProcess.Start(store, false, "--ApiKeyAdmin:StoreOutageTolerance", Tolerance.ToString());
            if (ProxyProcess.NginxSkipReason == null)
            {
                upstream = new Upstream();
                int port = Ports.Free();
                proxy = ProxyProcess.Nginx(port, DocBlocks.Read("nginx", port, gateway.Port, upstream.Port));
            }

            Assert.Equal(HttpStatusCode.OK, await Verify(cached));

            var sinceOutage = Stopwatch.StartNew();
            server.Crash();
            Assert.True(await Eventually(async () => await Health() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10)), "/healthz did not report the outage");
            HttpStatusCode during = await Verify(cached);
            bool withinTolerance = sinceOutage.Elapsed < Tolerance - CheckSlack;
            using HttpResponseMessage other = await Get(uncached);

            Assert.True(!withinTolerance || during == HttpStatusCode.OK, $"a cached key was refused ({during}) {sinceOutage.ElapsedMilliseconds} ms into the outage");
            Assert.True(withinTolerance, $"the outage took {sinceOutage.ElapsedMilliseconds} ms to show; the tolerance could not be checked");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, other.StatusCode);
            Assert.Equal("StoreUnavailable", other.Headers.GetValues("X-ApiKey-Reason").Single());
            if (proxy != null)
            {
                // nginx's auth_request turns any other status into 500; the doc's block gives the gateway's 503 back.
                using HttpResponseMessage throughNginx = await client.GetAsync(new Uri(proxy.Address, "/orders?hapikey=" + uncached.Secret));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, throughNginx.StatusCode);
                Assert.Equal("StoreUnavailable", throughNginx.Headers.GetValues("X-ApiKey-Reason").Single());
                Assert.Empty(upstream.For("/orders"));
            }
            using (HttpResponseMessage health = await client.GetAsync(new Uri(gateway.Address, "/healthz")))
            {
                Assert.StartsWith("store unreachable", await health.Content.ReadAsStringAsync());
            }

            Assert.True(await Eventually(async () => await Verify(cached) == HttpStatusCode.ServiceUnavailable, Tolerance + TimeSpan.FromSeconds(5)), "the cached key kept verifying after the tolerance");
            Assert.True(sinceOutage.Elapsed >= Tolerance - CheckSlack, $"the cached key was refused after {sinceOutage.ElapsedMilliseconds} ms, inside the tolerance of {Tolerance}");

            server.Restart();
            Assert.True(await Eventually(async () => await Health() == HttpStatusCode.OK, TimeSpan.FromSeconds(30)), "/healthz did not recover");
            Assert.Equal(HttpStatusCode.OK, await Verify(cached));
            Assert.Equal(HttpStatusCode.OK, await Verify(uncached));
        }

        public void Dispose()
        {
            proxy?.Dispose();
            upstream?.Dispose();
            gateway?.Dispose();
            server?.Dispose();
            store?.Dispose();
            client.Dispose();
        }

        private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan limit)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < limit)
            {
                if (await condition())
                {
                    return true;
                }

                await Task.Delay(50);
            }

            return false;
        }

        private async Task<HttpStatusCode> Health()
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri(gateway.Address, "/healthz"));
            return response.StatusCode;
        }

        private async Task<HttpStatusCode> Verify(IssuedKey key)
        {
            using HttpResponseMessage response = await Get(key);
            return response.StatusCode;
        }

        private Task<HttpResponseMessage> Get(IssuedKey key)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/verify"));
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Secret);
            return client.SendAsync(request);
        }
    }
}
