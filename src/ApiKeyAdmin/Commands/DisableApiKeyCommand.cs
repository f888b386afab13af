using System.Linq;
using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Disable-ApiKey: deactivates keys with no replacement.</summary>
    [Cmdlet(VerbsLifecycle.Disable, "ApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByKeyId)]
    [OutputType(typeof(ApiKey))]
    public sealed class DisableApiKeyCommand : KeyTargetCommandBase
    {
        /// <summary>Write the deactivated keys to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Run(() =>
            {
                KeyQueryResult found = Resolve();
                if (found.Keys.Count == 0)
                {
                    found.Errors.ToList().ForEach(e => WriteError(Errors.From(e)));
                    return;
                }

                string what = string.Join(" and ", found.Keys.Select(k => Describe(k.Key)));
                if (!ShouldChange(Force, what, "Deactivate (calls with it will fail; no new key is made)"))
                {
                    return;
                }

                // The keys the prompt named, and no others: one that changed meanwhile is KeyNotActive, with nothing changed.
                foreach (ApiKey key in Manager.Keys.Disable(found.Keys.Select(k => k.Key.KeyId).ToList()))
                {
                    WriteVerbose($"Deactivated {key.KeyId} of account '{key.Account}'.");
                    if (PassThru)
                    {
                        WriteObject(key);
                    }
                }
            });
        }
    }
}
