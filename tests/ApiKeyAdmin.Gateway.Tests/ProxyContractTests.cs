namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// The cases through a real proxy running the configuration of docs/gateway.md: what reaches the upstream
    /// and what the client gets back. Each request has a path of its own, so the upstream's record tells whether it
    /// was called.
    /// </summary>
    public abstract class ProxyContractTests<TRig>
        where TRig : ProxyRig
    {
        private readonly TRig rig;

        protected ProxyContractTests(TRig rig)
        {
            this.rig = rig;
        }

        /// <summary>Whether the proxy's configuration removes a hapikey parameter before the upstream (Caddy 2.6 cannot).</summary>
        protected abstract bool StripsQueryKey { get; }

        [SkippableFact]
        public async Task A_valid_key_reaches_the_upstream_with_its_account_and_without_the_key()
        {
            Skip.If(rig.SkipReason != null, rig.SkipReason);
            string path = GatewayRig.UniquePath("/orders");

            using HttpResponseMessage response = await rig.Get(rig.Proxy.Address, path, rig.Valid.Secret, ("X-ApiKey-Account", "someone-else"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            SeenRequest seen = Assert.Single(rig.Upstream.For(path));
            Assert.Equal("acme", seen.Header("X-ApiKey-Account"));
            Assert.Equal(rig.Valid.Key.KeyId, seen.Header("X-ApiKey-Id"));
            Assert.Equal("Standard", seen.Header("X-ApiKey-Kind"));
            Assert.Null(seen.Header("Authorization"));
            Assert.DoesNotContain(seen.Headers.Values, v => v.Contains(rig.Valid.Secret));
        }

        [SkippableFact]
        public async Task A_key_in_X_Api_Key_is_verified_and_removed_before_the_upstream()
        {
            Skip.If(rig.SkipReason != null, rig.SkipReason);
            string path = GatewayRig.UniquePath("/orders");

            using HttpResponseMessage response = await rig.Get(rig.Proxy.Address, path, null, ("X-Api-Key", rig.Valid.Secret));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            SeenRequest seen = Assert.Single(rig.Upstream.For(path));
            Assert.Equal("acme", seen.Header("X-ApiKey-Account"));
            Assert.Null(seen.Header("X-Api-Key"));
        }

        [SkippableTheory]
        [InlineData("none", "Malformed")]
        [InlineData("typo", "Malformed")]
        [InlineData("deactivated", "Deactivated")]
        [InlineData("unknown", "Unknown")]
        public async Task A_refused_key_is_401_with_the_reason_and_the_upstream_is_never_called(string which, string reason)
        {
            Skip.If(rig.SkipReason != null, rig.SkipReason);
            string path = GatewayRig.UniquePath("/orders");
            string key = which switch
            {
                "none" => null,
                "typo" => rig.Typo,
                "deactivated" => rig.Deactivated.Secret,
                _ => rig.Store.UnknownKey(),
            };

            using HttpResponseMessage response = await rig.Get(rig.Proxy.Address, path, key);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(reason, response.Headers.GetValues("X-ApiKey-Reason").Single());
            Assert.Empty(rig.Upstream.For(path));
        }

        [SkippableFact]
        public async Task An_app_token_without_the_routes_scope_is_403_and_one_with_it_passes_with_its_app_and_scopes()
        {
            Skip.If(rig.SkipReason != null, rig.SkipReason);
            string refused = GatewayRig.UniquePath("/contacts/write");
            string allowed = GatewayRig.UniquePath("/contacts/write");

            using HttpResponseMessage denied = await rig.Get(rig.Proxy.Address, refused, rig.ReadOnlyToken.Secret);
            using HttpResponseMessage passed = await rig.Get(rig.Proxy.Address, allowed, rig.WriteToken.Secret);

            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("InsufficientScope", denied.Headers.GetValues("X-ApiKey-Reason").Single());
            Assert.Empty(rig.Upstream.For(refused));
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            SeenRequest seen = Assert.Single(rig.Upstream.For(allowed));
            Assert.Equal(("umbrella", "AppToken", "crm-sync"), (seen.Header("X-ApiKey-Account"), seen.Header("X-ApiKey-Kind"), seen.Header("X-ApiKey-App")));
            Assert.Equal($"{GatewayRig.ReadScope} {GatewayRig.WriteScope}", seen.Header("X-ApiKey-Scopes"));
        }

        [SkippableFact]
        public async Task A_route_without_a_scope_lets_a_read_only_app_token_through()
        {
            Skip.If(rig.SkipReason != null, rig.SkipReason);
            string path = GatewayRig.UniquePath("/contacts");

            using HttpResponseMessage response = await rig.Get(rig.Proxy.Address, path, rig.ReadOnlyToken.Secret, ("X-ApiKey-Required-Scope", "no.such.scope"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("initech", Assert.Single(rig.Upstream.For(path)).Header("X-ApiKey-Account"));
        }

        [SkippableFact]
        public async Task The_hapikey_query_form_works()
        {
            Skip.If(rig.SkipReason != null, rig.SkipReason);
            string path = GatewayRig.UniquePath("/deals");

            using HttpResponseMessage response = await rig.Get(rig.Proxy.Address, $"{path}?limit=5&hapikey={rig.Valid.Secret}&after=7", null);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            SeenRequest seen = Assert.Single(rig.Upstream.For(path));
            Assert.Equal("acme", seen.Header("X-ApiKey-Account"));
            if (StripsQueryKey)
            {
                Assert.Equal($"{path}?limit=5&after=7", seen.Target);
            }
        }
    }
}
