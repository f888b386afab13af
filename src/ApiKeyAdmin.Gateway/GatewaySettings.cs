using System;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// The service's settings, section <c>ApiKeyAdmin</c> of ASP.NET Core's configuration (appsettings.json, environment
    /// variables such as <c>ApiKeyAdmin__StorePath</c>, command-line switches such as <c>--ApiKeyAdmin:GrpcUrl</c>).
    /// </summary>
    public sealed class GatewaySettings
    {
        /// <summary>The configuration section the settings are read from.</summary>
        public const string Section = "ApiKeyAdmin";

        /// <summary>The SQLite store's file; else $APIKEYADMIN_STORE or the owner's default store, as in the module.</summary>
        public string StorePath { get; set; }

        /// <summary>A PostgreSQL store's connection string; else $APIKEYADMIN_CONNECTION, as in the module.</summary>
        public string ConnectionString { get; set; }

        /// <summary>
        /// The peers whose X-Real-IP, X-Forwarded-For and original-request headers are believed, as addresses or
        /// CIDR ranges; loopback when none are set. (No default list here: the configuration binder would add a list
        /// from the settings to it rather than replace it.)
        /// </summary>
        public string[] TrustedProxies { get; set; }

        /// <summary>Where Envoy's gRPC ext_authz is served over HTTP/2 without TLS (h2c), e.g. http://127.0.0.1:9191; none by default.</summary>
        public string GrpcUrl { get; set; }

        /// <summary>How long keys in memory keep their answers while the store cannot be reached (1 second to 1 hour).</summary>
        public TimeSpan StoreOutageTolerance { get; set; } = TimeSpan.FromMinutes(1);
    }
}
