namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>The contract through Debian's nginx and docs/gateway.md's nginx block.</summary>
    public sealed class NginxContractTests : ProxyContractTests<NginxRig>, IClassFixture<NginxRig>
    {
        public NginxContractTests(NginxRig rig)
            : base(rig)
        {
        }

        protected override bool StripsQueryKey => true;
    }
}
