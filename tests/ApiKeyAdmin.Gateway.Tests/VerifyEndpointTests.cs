namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// /verify asked directly, as Traefik's forwardAuth asks it (GET with the client's headers plus X-Forwarded-Method,
    /// X-Forwarded-Uri and X-Forwarded-For), and what lands in the call log.
    /// </summary>
    public sealed class VerifyEndpointTests : IClassFixture<GatewayRig>
    {
        private readonly GatewayRig rig;

        public VerifyEndpointTests(GatewayRig rig)
        {
            this.rig = rig;
        }

        [Fact]
        public async Task A_forwardAuth_request_is_answered_and_logged_with_the_original_method_path_and_client()
        {
            string path = GatewayRig.UniquePath("/deals");

            using HttpResponseMessage response = await rig.Get(rig.Gateway.Address, "/verify", rig.Valid.Secret,
                ("X-Forwarded-Method", "POST"), ("X-Forwarded-Uri", path + "?archived=true"), ("X-Forwarded-For", "203.0.113.9, 10.0.0.1"),
                ("X-Forwarded-Host", "api.example.com"), ("X-Forwarded-Proto", "https"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("acme", response.Headers.GetValues("X-ApiKey-Account").Single());
            Assert.Equal("Valid", response.Headers.GetValues("X-ApiKey-Reason").Single());
            CallRecord call = await rig.Store.LoggedCall(path);
            Assert.Equal(("POST", path, "203.0.113.9", CallOutcome.Allowed, VerificationReason.Valid, "acme"),
                (call.Method, call.Path, call.ClientAddress, call.Outcome, call.Reason, call.Account));
        }

        [Fact]
        public async Task nginx_original_headers_win_and_X_Real_IP_names_the_client()
        {
            string path = GatewayRig.UniquePath("/tickets");

            using HttpResponseMessage response = await rig.Get(rig.Gateway.Address, "/verify", rig.Deactivated.Secret,
                ("X-Original-Method", "DELETE"), ("X-Original-URI", path), ("X-Real-IP", "198.51.100.4"), ("X-Forwarded-For", "203.0.113.9"));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            CallRecord call = await rig.Store.LoggedCall(path);
            Assert.Equal(("DELETE", "198.51.100.4", CallOutcome.Denied, VerificationReason.Deactivated),
                (call.Method, call.ClientAddress, call.Outcome, call.Reason));
        }

        [Fact]
        public async Task An_app_tokens_answer_names_its_app_and_scopes()
        {
            using HttpResponseMessage response = await rig.Get(rig.Gateway.Address, "/verify", rig.ReadOnlyToken.Secret,
                ("X-ApiKey-Required-Scope", GatewayRig.ReadScope));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("AppToken", response.Headers.GetValues("X-ApiKey-Kind").Single());
            Assert.Equal("crm-sync", response.Headers.GetValues("X-ApiKey-App").Single());
            Assert.Equal(GatewayRig.ReadScope, response.Headers.GetValues("X-ApiKey-Scopes").Single());
        }

        [Theory]
        [InlineData("bearer")]
        [InlineData("header")]
        [InlineData("query")]
        public async Task No_answer_carries_the_presented_key(string form)
        {
            foreach (string key in new[] { rig.Valid.Secret, rig.Store.UnknownKey(), rig.Typo })
            {
                using HttpResponseMessage response = form switch
                {
                    "bearer" => await rig.Get(rig.Gateway.Address, "/verify", key),
                    "header" => await rig.Get(rig.Gateway.Address, "/verify", null, ("X-Api-Key", key)),
                    _ => await rig.Get(rig.Gateway.Address, "/verify", null, ("X-Original-URI", "/deals?hapikey=" + key)),
                };

                string body = await response.Content.ReadAsStringAsync();
                Assert.Empty(body);
                Assert.DoesNotContain(response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value), v => v.Contains(key, StringComparison.Ordinal));
                Assert.DoesNotContain(response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value), v => v.Contains(key.Substring(4, 20), StringComparison.Ordinal));
            }
        }

        [Fact]
        public async Task Healthz_is_200_while_the_store_answers_and_noop_verifies_nothing()
        {
            using HttpResponseMessage health = await rig.Client.GetAsync(new Uri(rig.Gateway.Address, "/healthz"));
            using HttpResponseMessage noop = await rig.Client.GetAsync(new Uri(rig.Gateway.Address, "/noop"));

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, noop.StatusCode);
            Assert.False(noop.Headers.Contains("X-ApiKey-Reason"));
        }

        [Fact]
        public async Task Metrics_count_verifications_by_outcome_and_reason_and_the_call_rows_written()
        {
            string path = GatewayRig.UniquePath("/metered");
            using (await rig.Get(rig.Gateway.Address, "/verify", rig.Valid.Secret, ("X-Original-URI", path)))
            using (await rig.Get(rig.Gateway.Address, "/verify", rig.Typo))
            {
            }

            await rig.Store.LoggedCall(path);
            string metrics = await rig.Client.GetStringAsync(new Uri(rig.Gateway.Address, "/metrics"));

            Assert.Matches(@"apikeyadmin_gateway_verifications_total\{outcome=""allowed"",reason=""Valid""\} [1-9]", metrics);
            Assert.Matches(@"apikeyadmin_gateway_verifications_total\{outcome=""denied"",reason=""Malformed""\} [1-9]", metrics);
            Assert.Contains(@"apikeyadmin_gateway_verifications_total{outcome=""denied"",reason=""StoreUnavailable""} 0", metrics);
            Assert.Matches(@"apikeyadmin_gateway_verification_duration_seconds_count [1-9]", metrics);
            Assert.Matches(@"apikeyadmin_gateway_call_rows_written_total [1-9]", metrics);
            Assert.Contains("apikeyadmin_gateway_call_rows_queued ", metrics);
            Assert.Contains("apikeyadmin_gateway_call_rows_dropped_total 0", metrics);
        }
    }
}
