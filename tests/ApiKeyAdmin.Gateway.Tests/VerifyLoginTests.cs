using System.Collections.Generic;
using System.IO;
using Npgsql;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// The service as the API host of a shared store, set up as docs/gateway.md says: the DBA's login with Verify access
    /// from the owner, and no key file handed over. It pins the store's signing key on first use, answers, logs its calls
    /// as that login, and reports itself healthy; a login the owner gave no access stops it at start.
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
            string connection = StoreAndLogin();
            IssuedKey valid = store.NewKey("acme");
            IssuedKey deactivated = store.NewKey("globex");
            store.Disable(deactivated);
            store.GrantAccess(login, StoreAccess.Verify);
            Dictionary<string, string> host = ApiHost(connection);
            gateway = GatewayProcess.StartWith(host);

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
            CallRecord allowedCall = await store.LoggedCall(allowed);
            CallRecord deniedCall = await store.LoggedCall(denied);
            Assert.Equal((CallOutcome.Allowed, "acme"), (allowedCall.Outcome, allowedCall.Account));
            Assert.Equal((CallOutcome.Denied, VerificationReason.Deactivated), (deniedCall.Outcome, deniedCall.Reason));
            // Handed no file and made none; what it keeps is the pin of the store's public key.
            Assert.Empty(Directory.GetFiles(host["XDG_CONFIG_HOME"], "*", SearchOption.AllDirectories));
            Assert.Single(Directory.GetFiles(host["XDG_STATE_HOME"], "*.signing-key", SearchOption.AllDirectories));
            Assert.Equal(0, gateway.Terminate());
        }

        [SkippableFact]
        public void A_login_the_owner_gave_no_access_stops_it_at_start_with_a_message_naming_the_grant()
        {
            string connection = StoreAndLogin();
            store.NewKey("acme");

            gateway = GatewayProcess.Launch(ApiHost(connection));

            Assert.True(gateway.WaitForExit(60_000), "the gateway kept running on a login without access");
            Assert.Equal(1, gateway.ExitCode);
            Assert.Contains("cannot start", gateway.Output);
            Assert.Contains("Grant-ApiKeyStoreAccess", gateway.Output);
            Assert.Contains(PostgreSqlServer.Role, gateway.Output);
            Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(connection).Password, gateway.Output);
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

        // A store made by the tests' owner login, and a login the DBA made with CREATE ROLE ... LOGIN alone; its
        // connection string is pooled, as a service's is.
        private string StoreAndLogin()
        {
            Skip.If(PostgreSqlServer.SkipReason != null, PostgreSqlServer.SkipReason);
            store = new GatewayStore(PostgreSqlServer.Instance.ForSchema(schema));
            string connection = PostgreSqlServer.Instance.CreateLogin(login, schema);
            loginMade = true;
            return new NpgsqlConnectionStringBuilder(connection) { Pooling = true }.ConnectionString;
        }

        // The API host's environment: its login's connection string and empty folders of its own, so no key file.
        private Dictionary<string, string> ApiHost(string connection)
        {
            string root = Path.Combine(store.Folder, "api-host");
            var environment = new Dictionary<string, string>
            {
                ["HOME"] = Path.Combine(root, "home"),
                ["XDG_CONFIG_HOME"] = Path.Combine(root, "config"),
                ["XDG_STATE_HOME"] = Path.Combine(root, "state"),
            };
            foreach (string folder in environment.Values)
            {
                Directory.CreateDirectory(folder);
            }

            environment["APIKEYADMIN_CONNECTION"] = connection;
            return environment;
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
