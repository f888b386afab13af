using System;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// Binds the --urls addresses (HTTP/1.1 and HTTP/2) and the gRPC address (HTTP/2 only: Envoy speaks h2c without TLS,
    /// which Kestrel serves only on an HTTP/2-only endpoint). Kestrel ignores --urls once any address is bound in code,
    /// so both are bound here when a gRPC address is configured.
    /// </summary>
    internal static class KestrelEndpoints
    {
        private const string DefaultUrls = "http://localhost:5000";

        /// <summary>Listens on each of <paramref name="urls"/> (';'-separated) and on <paramref name="grpcUrl"/>.</summary>
        internal static void Bind(KestrelServerOptions kestrel, string urls, string grpcUrl)
        {
            foreach (string url in (string.IsNullOrEmpty(urls) ? DefaultUrls : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Listen(kestrel, url, HttpProtocols.Http1AndHttp2);
            }

            Listen(kestrel, grpcUrl, HttpProtocols.Http2);
        }

        private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
        {
            const string Scheme = "http://";
            if (!url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"'{url}': the service listens on plain http:// addresses only; TLS belongs to the proxy in front of it.");
            }

            string hostPort = url.Substring(Scheme.Length).TrimEnd('/');
            int colon = hostPort.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(hostPort.AsSpan(colon + 1), out int port))
            {
                throw new FormatException($"'{url}' names no port.");
            }

            string host = hostPort.Substring(0, colon).Trim('[', ']');
            if (host == "*" || host == "+" || host.Length == 0)
            {
                kestrel.ListenAnyIP(port, o => o.Protocols = protocols);
            }
            else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(port, o => o.Protocols = protocols);
            }
            else if (IPAddress.TryParse(host, out IPAddress address))
            {
                kestrel.Listen(address, port, o => o.Protocols = protocols);
            }
            else
            {
                throw new FormatException($"'{url}': name an IP address, localhost or *, not the host name '{host}'.");
            }
        }
    }
}
