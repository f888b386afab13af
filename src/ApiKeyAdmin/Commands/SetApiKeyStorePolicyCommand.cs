using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Set-ApiKeyStorePolicy: changes store-wide settings, such as whether secrets can be shown again.</summary>
    [Cmdlet(VerbsCommon.Set, "ApiKeyStorePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StorePolicy))]
    public sealed class SetApiKeyStorePolicyCommand : ApiKeyCmdletBase
    {
        /// <summary>Allowed: Super Admins can show keys again. Never: show once; encrypted copies are erased.</summary>
        [Parameter(Mandatory = true)]
        public RevealPolicy Reveal { get; set; }

        /// <summary>Change without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the resulting policy to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            string effect = Reveal == RevealPolicy.Never ? " (every stored copy of a secret is erased; keys can no longer be shown again)" : string.Empty;
            if (!ShouldChange(Force, $"store '{ResolvedStorePath}'", $"Set Reveal to {Reveal}{effect}"))
            {
                return;
            }

            Run(() =>
            {
                StorePolicy policy = Manager.SetRevealPolicy(Reveal);
                if (PassThru)
                {
                    WriteObject(policy);
                }
            });
        }
    }
}
