namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>Caddy running docs/gateway.md's Caddyfile block in front of the upstream.</summary>
    public sealed class CaddyRig : ProxyRig
    {
        public CaddyRig()
            : base(ProxyProcess.CaddySkipReason, (port, gateway, api) => ProxyProcess.Caddy(port, DocBlocks.Read("caddyfile", port, gateway, api)))
        {
        }
    }
}
