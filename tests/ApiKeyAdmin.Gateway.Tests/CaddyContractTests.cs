namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>The contract through Debian's Caddy 2.6 and docs/gateway.md's Caddyfile block.</summary>
    public sealed class CaddyContractTests : ProxyContractTests<CaddyRig>, IClassFixture<CaddyRig>
    {
        public CaddyContractTests(CaddyRig rig)
            : base(rig)
        {
        }

        protected override bool StripsQueryKey => false;
    }
}
