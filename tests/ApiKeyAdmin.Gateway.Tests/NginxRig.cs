namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>nginx running docs/gateway.md's nginx block in front of the upstream.</summary>
    public sealed class NginxRig : ProxyRig
    {
        public NginxRig()
            : base(ProxyProcess.NginxSkipReason, (port, gateway, api) => ProxyProcess.Nginx(port, DocBlocks.Read("nginx", port, gateway, api)))
        {
        }
    }
}
