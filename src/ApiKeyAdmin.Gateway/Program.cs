using System;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// dotnet out/ApiKeyAdmin.Gateway/ApiKeyAdmin.Gateway.dll [--urls http://127.0.0.1:8001] [--ApiKeyAdmin:GrpcUrl http://127.0.0.1:9191]:
    /// the verification service that nginx, Caddy, Traefik and Envoy ask on every request.
    /// </summary>
    public static class Program
    {
        // The configuration key of --urls (and ASPNETCORE_URLS), which Kestrel stops reading once addresses are bound in code.
        private const string UrlsKey = "urls";

        /// <summary>Starts the service; exits 1 with a message naming the cause when the store cannot be opened.</summary>
        public static int Main(string[] args)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
            GatewaySettings settings = builder.Configuration.GetSection(GatewaySettings.Section).Get<GatewaySettings>() ?? new GatewaySettings();
            GatewayVerifier verifier;
            TrustedProxies proxies;
            try
            {
                proxies = new TrustedProxies(settings.TrustedProxies);
                verifier = new GatewayVerifier(settings);
            }
            catch (Exception ex) when (ex is ApiKeyAdminException || ex is FormatException || ex is ArgumentException)
            {
                // Never a service that refuses everything silently: no store, no service.
                Console.Error.WriteLine($"ApiKeyAdmin.Gateway cannot start: {ex.Message}");
                return 1;
            }

            using (verifier)
            {
                builder.WebHost.ConfigureKestrel(kestrel =>
                {
                    // Account and app names are Unicode; HTTP headers carry them as UTF-8.
                    kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
                    if (!string.IsNullOrEmpty(settings.GrpcUrl))
                    {
                        KestrelEndpoints.Bind(kestrel, builder.Configuration[UrlsKey], settings.GrpcUrl);
                    }
                });
                builder.Services.AddSingleton(verifier);
                builder.Services.AddSingleton(proxies);
                builder.Services.AddGrpc();

                WebApplication app = builder.Build();
                HttpEndpoints.Map(app, verifier, proxies);
                app.MapGrpcService<EnvoyAuthorizationService>();
                app.MapMetrics();
                // On SIGTERM the host stops taking requests and lets those in flight finish; disposing the verifier then
                // writes the call rows still queued.
                app.Run();
            }

            return 0;
        }
    }
}
