using System.Net.Http.Headers;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// Envoy's HTTP ext_authz, as its filter sends a check with path_prefix /envoy: the original method, the original path
    /// and query appended to the prefix, the allowed headers, no body. Allow is exactly 200.
    /// </summary>
    public sealed class EnvoyHttpTests : IClassFixture<GatewayRig>
    {
        private readonly GatewayRig rig;

        public EnvoyHttpTests(GatewayRig rig)
        {
            this.rig = rig;
        }

        [Fact]
        public async Task A_valid_key_is_exactly_200_with_the_identity_and_the_key_headers_to_remove()
        {
            string path = GatewayRig.UniquePath("/contacts");

            using HttpResponseMessage response = await Check(HttpMethod.Post, path + "?page=2", rig.Valid.Secret);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("acme", response.Headers.GetValues("X-ApiKey-Account").Single());
            Assert.Equal("authorization, x-api-key", response.Headers.GetValues("x-envoy-auth-headers-to-remove").Single());
            CallRecord call = await rig.Store.LoggedCall(path);
            Assert.Equal(("POST", path, "203.0.113.20"), (call.Method, call.Path, call.ClientAddress));
        }

        [Fact]
        public async Task A_deactivated_key_is_401_with_WWW_Authenticate_and_nothing_to_remove()
        {
            using HttpResponseMessage response = await Check(HttpMethod.Get, "/contacts/1", rig.Deactivated.Secret);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("Deactivated", response.Headers.GetValues("X-ApiKey-Reason").Single());
            Assert.False(response.Headers.Contains("x-envoy-auth-headers-to-remove"));
        }

        [Fact]
        public async Task An_app_token_without_the_required_scope_is_403()
        {
            using HttpResponseMessage response = await Check(HttpMethod.Put, "/contacts/1", rig.ReadOnlyToken.Secret,
                ("x-apikey-required-scope", GatewayRig.WriteScope));

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("InsufficientScope", response.Headers.GetValues("X-ApiKey-Reason").Single());
        }

        [Fact]
        public async Task The_hapikey_of_the_original_query_is_read()
        {
            using HttpResponseMessage response = await Check(HttpMethod.Get, "/deals?hapikey=" + rig.Valid.Secret, null);

            Assert.Equal(200, (int)response.StatusCode);
        }

        // The request Envoy's HTTP filter makes: same method, prefix + original path, the allowed headers, no body.
        private Task<HttpResponseMessage> Check(HttpMethod method, string target, string bearer, params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(method, new Uri(rig.Gateway.Address, "/envoy" + target));
            if (bearer != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            request.Headers.TryAddWithoutValidation("x-forwarded-for", "203.0.113.20");
            request.Headers.TryAddWithoutValidation("x-envoy-internal", "true");
            request.Headers.TryAddWithoutValidation("x-request-id", Guid.NewGuid().ToString());
            foreach ((string name, string value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            request.Content = new ByteArrayContent(Array.Empty<byte>());
            request.Content.Headers.ContentLength = 0;
            return rig.Client.SendAsync(request);
        }
    }
}
