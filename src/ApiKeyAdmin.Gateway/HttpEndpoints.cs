using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// The HTTP contract: /verify for nginx auth_request, Caddy forward_auth and Traefik forwardAuth; /envoy/… for Envoy's
    /// HTTP ext_authz; /healthz; /noop, which answers 200 without verifying (a baseline for benchmarks).
    /// </summary>
    internal static class HttpEndpoints
    {
        /// <summary>The prefix of Envoy's HTTP ext_authz requests; Envoy appends the original path to it.</summary>
        private const string EnvoyPrefix = "/envoy";

        // Envoy removes these from the request before it reaches the upstream when the check allows it.
        private const string EnvoyHeadersToRemove = "x-envoy-auth-headers-to-remove";
        private const string KeyHeaders = "authorization, x-api-key";

        /// <summary>Maps every endpoint of the HTTP contract.</summary>
        internal static void Map(IEndpointRouteBuilder app, GatewayVerifier verifier, TrustedProxies proxies)
        {
            app.Map("/verify", context =>
            {
                HttpRequest request = context.Request;
                string method = Header(request, "X-Original-Method") ?? Header(request, "X-Forwarded-Method");
                string target = Header(request, "X-Original-URI") ?? Header(request, "X-Forwarded-Uri");
                return Answer(context, verifier.Verify(Read(context, method, target, proxies)));
            });
            app.Map(EnvoyPrefix + "/{**path}", context =>
            {
                HttpRequest request = context.Request;
                string target = request.Path.Value.Substring(EnvoyPrefix.Length) + request.QueryString.Value;
                VerificationResult result = verifier.Verify(Read(context, request.Method, target, proxies));
                if (result.IsValid)
                {
                    context.Response.Headers[EnvoyHeadersToRemove] = KeyHeaders;
                }

                return Answer(context, result);
            });
            app.MapGet("/noop", context =>
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return Task.CompletedTask;
            });
            app.MapGet("/healthz", context =>
            {
                bool up = verifier.StoreReachable;
                context.Response.StatusCode = up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                return context.Response.WriteAsync(up ? "store reachable\n" : $"store unreachable: {verifier.LastStoreError?.Message}\n");
            });
        }

        private static ForwardedCall Read(HttpContext context, string method, string target, TrustedProxies proxies) =>
            ForwardedCall.Read(name => Header(context.Request, name), method, target, context.Connection.RemoteIpAddress, null, proxies);

        private static Task Answer(HttpContext context, VerificationResult result)
        {
            HttpResponse response = context.Response;
            response.StatusCode = Verdict.StatusFor(result);
            response.Headers[Verdict.ReasonHeader] = result.Reason.ToString();
            if (response.StatusCode == StatusCodes.Status401Unauthorized)
            {
                response.Headers.WWWAuthenticate = "Bearer";
            }

            foreach (var header in Verdict.IdentityHeaders(result))
            {
                response.Headers[header.Key] = header.Value;
            }

            return Task.CompletedTask;
        }

        private static string Header(HttpRequest request, string name)
        {
            string value = request.Headers[name];
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }
}
