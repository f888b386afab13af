using System.Collections.Generic;
using System.IO;
using Npgsql;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// The service as the API host of a shared store, set up as docs/gateway.md says: the DBA's login with Verify access
    /// from the owner, and no key file handed over. It pins the store's signing key on first use, answers, logs its calls
    /// as that login, and reports itself healthy.
    /// </summary>
    public sealed class VerifyLoginTests : IDisposable
    {
        private readonly string schema = "gw_" + Guid.NewGuid().ToString("N").Substring(0, 12);
        private readonly string login = "gw_verify_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly HttpClient client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        private GatewayStore store;
        private GatewayProcess gateway;
        private bool loginMade;

        [SkippableFact]
        public async Task As_a_verify_login_with_no_key_file_it_allows_a_good_key_denies_a_deactivated_one_and_is_healthy()
        {
            Skip.If(PostgreSqlServer.SkipReason != null, PostgreSqlServer.SkipReason);
            store = new GatewayStore(PostgreSqlServer.Instance.ForSchema(schema));
            IssuedKey valid = store.NewKey("acme");
            IssuedKey deactivated = store.NewKey("globex");
            store.Disable(deactivated);
            // The DBA's CREATE ROLE ... LOGIN, then the owner's Grant-ApiKeyStoreAccess -Access Verify; pooled, as a service runs.
            string connection = new NpgsqlConnectionStringBuilder(PostgreSqlServer.Instance.CreateLogin(login, schema)) { Pooling = true }.ConnectionString;
            loginMade = true;
            store.GrantAccess(login, StoreAccess.Verify);
            string host = Path.Combine(store.Folder, "api-host");
            var environment = new Dictionary<string, string>
            {
                ["APIKEYADMIN_CONNECTION"] = connection,
                ["HOME"] = Path.Combine(host, "home"),
                ["XDG_CONFIG_HOME"] = Path.Combine(host, "config"),
                ["XDG_STATE_HOME"] = Path.Combine(host, "state"),
            };
            foreach (string folder in environment.Values.Skip(1))
            {
                Directory.CreateDirectory(folder);
            }

            gateway = GatewayProcess.StartWith(environment);

            string allowed = GatewayRig.UniquePath("/orders");
            using (HttpResponseMessage response = await Verify(valid, allowed))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("acme", response.Headers.GetValues("X-ApiKey-Account").Single());
            }

            string denied = GatewayRig.UniquePath("/orders");
            using (HttpResponseMessage response = await Verify(deactivated, denied))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Deactivated", response.Headers.GetValues("X-ApiKey-Reason").Single());
            }

            using (HttpResponseMessage health = await client.GetAsync(new Uri(gateway.Address, "/healthz")))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("store reachable", (await health.Content.ReadAsStringAsync()).Trim());
            }

            // Its call rows, written as the Verify login, read by the owner.
            Assert.Equal((CallOutcome.Allowed, "acme"), ((await store.LoggedCall(allowed)).Outcome, (await store.LoggedCall(allowed)).Account));
            Assert.Equal((CallOutcome.Denied, VerificationReason.Deactivated), ((await store.LoggedCall(denied)).Outcome, (await store.LoggedCall(denied)).Reason));
            // Handed no file and made none; what it keeps is the pin of the store's public key.
            Assert.Empty(Directory.GetFiles(environment["XDG_CONFIG_HOME"], "*", SearchOption.AllDirectories));
            Assert.Single(Directory.GetFiles(environment["XDG_STATE_HOME"], "*.signing-key", SearchOption.AllDirectories));
            Assert.Equal(0, gateway.Terminate());
        }

        public void Dispose()
        {
            gateway?.Dispose();
            store?.Dispose();
            if (loginMade)
            {
                PostgreSqlServer.Instance.DropLogin(login);
            }

            if (store != null)
            {
                PostgreSqlServer.Instance.DropSchema(schema);
            }

            client.Dispose();
        }

        private Task<HttpResponseMessage> Verify(IssuedKey key, string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, "/verify"));
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Secret);
            request.Headers.TryAddWithoutValidation("X-Original-URI", path);
            return client.SendAsync(request);
        }
    }
}
