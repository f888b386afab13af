using System.Net;
using System.Threading.Tasks;
using ApiKeyAdmin.Gateway.Envoy.Auth;
using ApiKeyAdmin.Gateway.Envoy.Core;
using ApiKeyAdmin.Gateway.Envoy.Type;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// Envoy's gRPC ext_authz (envoy.service.auth.v3.Authorization/Check): OK with the identity headers and the key's
    /// headers removed, or denied with 401, 403 or 503 and the same headers the HTTP contract sends.
    /// </summary>
    internal sealed class EnvoyAuthorizationService : Envoy.Auth.Authorization.AuthorizationBase
    {
        /// <summary>The context extension (set per route in Envoy's config) that names the scopes a route requires.</summary>
        private const string RequiredScopeExtension = "required_scope";

        private static readonly string[] KeyHeaders = { "authorization", "x-api-key" };
        private readonly GatewayVerifier verifier;
        private readonly TrustedProxies proxies;

        /// <summary>A service over the gateway's one verifier.</summary>
        public EnvoyAuthorizationService(GatewayVerifier verifier, TrustedProxies proxies)
        {
            this.verifier = verifier;
            this.proxies = proxies;
        }

        /// <inheritdoc />
        public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
        {
            AttributeContext.Types.HttpRequest http = request.Attributes?.Request?.Http ?? new AttributeContext.Types.HttpRequest();
            IPAddress peer = context.GetHttpContext().Connection.RemoteIpAddress;
            string source = request.Attributes?.Source?.Address?.SocketAddress?.Address;
            string scope = null;
            request.Attributes?.ContextExtensions.TryGetValue(RequiredScopeExtension, out scope);
            ForwardedCall call = ForwardedCall.Read(
                name => http.Headers.TryGetValue(name, out string value) && value.Length > 0 ? value : null,
                http.Method, http.Path, peer, string.IsNullOrEmpty(source) ? null : source, proxies, scope);
            VerificationResult result = verifier.Verify(call);
            return Task.FromResult(Answer(result));
        }

        private static CheckResponse Answer(VerificationResult result)
        {
            int status = Verdict.StatusFor(result);
            var response = new CheckResponse { Status = new Envoy.Rpc.Status { Code = (int)RpcCode(status) } };
            HeaderValueOption reason = Header(Verdict.ReasonHeader, result.Reason.ToString());
            if (result.IsValid)
            {
                var ok = new OkHttpResponse { Headers = { reason } };
                foreach (var header in Verdict.IdentityHeaders(result))
                {
                    ok.Headers.Add(Header(header.Key, header.Value));
                }

                ok.HeadersToRemove.Add(KeyHeaders);
                response.OkResponse = ok;
            }
            else
            {
                var denied = new DeniedHttpResponse { Status = new HttpStatus { Code = (Envoy.Type.StatusCode)status }, Headers = { reason } };
                if (status == StatusCodes.Status401Unauthorized)
                {
                    denied.Headers.Add(Header("WWW-Authenticate", "Bearer"));
                }

                response.DeniedResponse = denied;
            }

            return response;
        }

        private static Grpc.Core.StatusCode RpcCode(int status) => status switch
        {
            StatusCodes.Status200OK => Grpc.Core.StatusCode.OK,
            StatusCodes.Status403Forbidden => Grpc.Core.StatusCode.PermissionDenied,
            StatusCodes.Status503ServiceUnavailable => Grpc.Core.StatusCode.Unavailable,
            _ => Grpc.Core.StatusCode.Unauthenticated,
        };

        // Identity headers replace whatever the client sent under the same name, so a client cannot pose as an account.
        private static HeaderValueOption Header(string name, string value) => new HeaderValueOption
        {
            Header = new HeaderValue { Key = name, Value = value },
            AppendAction = HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd,
        };
    }
}
