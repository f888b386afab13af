using ApiKeyAdmin.Gateway.Envoy.Auth;
using ApiKeyAdmin.Gateway.Envoy.Core;
using Grpc.Net.Client;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// Envoy's gRPC ext_authz: envoy.service.auth.v3.Authorization/Check over h2c, called as Envoy calls it, with a
    /// client generated from the service's protos (Envoy's package, message names and field numbers).
    /// </summary>
    public sealed class EnvoyGrpcTests : IClassFixture<GatewayRig>, IDisposable
    {
        private readonly GatewayRig rig;
        private readonly GrpcChannel channel;
        private readonly Envoy.Auth.Authorization.AuthorizationClient client;

        public EnvoyGrpcTests(GatewayRig rig)
        {
            this.rig = rig;
            channel = GrpcChannel.ForAddress($"http://127.0.0.1:{rig.Gateway.GrpcPort}");
            client = new Envoy.Auth.Authorization.AuthorizationClient(channel);
        }

        [Fact]
        public async Task A_valid_key_is_OK_with_the_identity_headers_and_the_key_headers_removed()
        {
            string path = GatewayRig.UniquePath("/contacts");

            CheckResponse response = await client.CheckAsync(Request("GET", path + "?page=1", ("authorization", "Bearer " + rig.Valid.Secret)));

            Assert.Equal(0, response.Status.Code);
            Assert.Equal(CheckResponse.HttpResponseOneofCase.OkResponse, response.HttpResponseCase);
            Assert.Equal("acme", Header(response.OkResponse.Headers, "X-ApiKey-Account"));
            Assert.Equal(rig.Valid.Key.KeyId, Header(response.OkResponse.Headers, "X-ApiKey-Id"));
            Assert.Equal("Valid", Header(response.OkResponse.Headers, "X-ApiKey-Reason"));
            Assert.All(response.OkResponse.Headers, h => Assert.Equal(HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd, h.AppendAction));
            Assert.Equal(new[] { "authorization", "x-api-key" }, response.OkResponse.HeadersToRemove.ToArray());
            CallRecord call = await rig.Store.LoggedCall(path);
            Assert.Equal(("GET", "198.51.100.30", CallOutcome.Allowed), (call.Method, call.ClientAddress, call.Outcome));
        }

        [Fact]
        public async Task An_unknown_key_is_denied_with_401_and_UNAUTHENTICATED()
        {
            CheckResponse response = await client.CheckAsync(Request("GET", "/contacts", ("x-api-key", rig.Store.UnknownKey())));

            Assert.Equal((int)Grpc.Core.StatusCode.Unauthenticated, response.Status.Code);
            Assert.Equal(Envoy.Type.StatusCode.Unauthorized, response.DeniedResponse.Status.Code);
            Assert.Equal("Unknown", Header(response.DeniedResponse.Headers, "X-ApiKey-Reason"));
            Assert.Equal("Bearer", Header(response.DeniedResponse.Headers, "WWW-Authenticate"));
        }

        [Fact]
        public async Task A_routes_required_scope_from_its_context_extensions_makes_a_read_only_token_403()
        {
            CheckRequest request = Request("POST", "/contacts", ("authorization", "Bearer " + rig.ReadOnlyToken.Secret));
            request.Attributes.ContextExtensions["required_scope"] = GatewayRig.WriteScope;

            CheckResponse response = await client.CheckAsync(request);

            Assert.Equal((int)Grpc.Core.StatusCode.PermissionDenied, response.Status.Code);
            Assert.Equal(Envoy.Type.StatusCode.Forbidden, response.DeniedResponse.Status.Code);
            Assert.Equal("InsufficientScope", Header(response.DeniedResponse.Headers, "X-ApiKey-Reason"));
        }

        [Fact]
        public async Task The_hapikey_of_the_original_path_is_read()
        {
            CheckResponse response = await client.CheckAsync(Request("GET", "/deals?hapikey=" + rig.Valid.Secret));

            Assert.Equal(0, response.Status.Code);
        }

        public void Dispose() => channel.Dispose();

        private static string Header(Google.Protobuf.Collections.RepeatedField<HeaderValueOption> headers, string name) =>
            headers.Single(h => string.Equals(h.Header.Key, name, StringComparison.OrdinalIgnoreCase)).Header.Value;

        // What Envoy sends: the downstream peer as source, the request's method, path (with query) and lower-case headers.
        private static CheckRequest Request(string method, string path, params (string Name, string Value)[] headers)
        {
            var http = new AttributeContext.Types.HttpRequest { Id = Guid.NewGuid().ToString(), Method = method, Path = path, Host = "api.example.com" };
            http.Headers[":authority"] = "api.example.com";
            http.Headers[":method"] = method;
            http.Headers[":path"] = path;
            foreach ((string name, string value) in headers)
            {
                http.Headers[name] = value;
            }

            return new CheckRequest
            {
                Attributes = new AttributeContext
                {
                    Source = new AttributeContext.Types.Peer { Address = new Address { SocketAddress = new Envoy.Core.SocketAddress { Address = "198.51.100.30", PortValue = 51234 } } },
                    Request = new AttributeContext.Types.Request { Http = http },
                },
            };
        }
    }
}
