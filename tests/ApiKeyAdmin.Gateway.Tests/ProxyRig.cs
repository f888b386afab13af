namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>A <see cref="GatewayRig"/> with a real proxy in front, running the configuration from docs/gateway.md.</summary>
    public abstract class ProxyRig : GatewayRig
    {
        private protected ProxyRig(string skipReason, System.Func<int, int, int, ProxyProcess> start)
        {
            SkipReason = skipReason;
            if (skipReason == null)
            {
                int port = Ports.Free();
                Proxy = start(port, Gateway.Port, Upstream.Port);
            }
        }

        /// <summary>Why the proxy's tests cannot run here, or null.</summary>
        internal string SkipReason { get; }

        /// <summary>The running proxy; null when it cannot be had.</summary>
        internal ProxyProcess Proxy { get; }

        public override void Dispose()
        {
            Proxy?.Dispose();
            base.Dispose();
        }
    }
}
