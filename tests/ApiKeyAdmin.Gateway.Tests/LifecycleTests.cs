using System.Collections.Generic;
using System.IO;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>How the service starts, whom it believes, and how it stops.</summary>
    public sealed class LifecycleTests : IDisposable
    {
        private readonly GatewayStore store = new GatewayStore();
        private readonly HttpClient client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        [Fact]
        public void A_missing_store_stops_the_service_at_start_with_a_message_naming_it()
        {
            string missing = Path.Combine(store.Folder, "nowhere", "apikeys.db");
            using GatewayProcess gateway = GatewayProcess.Launch(new Dictionary<string, string> { ["APIKEYADMIN_STORE"] = missing, ["XDG_CONFIG_HOME"] = store.ConfigHome });

            Assert.True(gateway.WaitForExit(60_000), "the service kept running without a store");
            Assert.Equal(1, gateway.ExitCode);
            Assert.Contains(missing, gateway.Output);
        }

        [Fact]
        public async Task A_host_without_the_store_s_key_file_verifies_keys_and_records_the_calls()
        {
            IssuedKey key = store.NewKey("acme");
            var environment = new Dictionary<string, string>(store.Environment)
            {
                // A verifying host holds no data-protection key: what it trusts rows by is the store's pinned public key.
                ["XDG_CONFIG_HOME"] = Path.Combine(store.Folder, "no-key-file-here"),
            };
            using GatewayProcess gateway = GatewayProcess.StartWith(environment);
            string path = GatewayRig.UniquePath("/without-key-file");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/verify"));
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Secret);
            request.Headers.TryAddWithoutValidation("X-Original-URI", path);

            using HttpResponseMessage response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            CallRecord call = await store.LoggedCall(path);
            Assert.Equal((CallOutcome.Allowed, "acme"), (call.Outcome, call.Account));
        }

        [Fact]
        public async Task Forwarded_addresses_from_a_peer_that_is_not_a_trusted_proxy_are_ignored()
        {
            IssuedKey key = store.NewKey("acme");
            using GatewayProcess gateway = GatewayProcess.Start(store, false, "--ApiKeyAdmin:TrustedProxies:0", "10.255.255.1");
            string path = GatewayRig.UniquePath("/spoofed");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/verify"));
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Secret);
            request.Headers.TryAddWithoutValidation("X-Original-URI", path);
            request.Headers.TryAddWithoutValidation("X-Real-IP", "203.0.113.66");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.66");

            using HttpResponseMessage response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("127.0.0.1", (await store.LoggedCall(path)).ClientAddress);
        }

        [Fact]
        public async Task SIGTERM_writes_every_queued_call_row_before_the_service_exits()
        {
            IssuedKey key = store.NewKey("acme");
            GatewayProcess gateway = GatewayProcess.Start(store);
            string prefix = GatewayRig.UniquePath("/drain");
            const int Calls = 200;
            for (int i = 0; i < Calls; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/verify"));
                request.Headers.TryAddWithoutValidation("X-Api-Key", key.Secret);
                request.Headers.TryAddWithoutValidation("X-Original-URI", $"{prefix}/{i}");
                using HttpResponseMessage response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // At once, inside the 250 ms the verifier waits between batches: the rows still queued are written on the way out.
            int exit = gateway.Terminate();
            gateway.Dispose();

            Assert.Equal(0, exit);
            Assert.Equal(Calls, store.Calls(prefix + "/*").Count);
        }

        public void Dispose()
        {
            client.Dispose();
            store.Dispose();
        }
    }
}
