using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Set-ApiKeyStorePolicy: changes store-wide settings: showing secrets again, and the sunset of standard keys.</summary>
    [Cmdlet(VerbsCommon.Set, "ApiKeyStorePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StorePolicy))]
    public sealed class SetApiKeyStorePolicyCommand : ApiKeyCmdletBase
    {
        /// <summary>Allowed: Super Admins can show keys again. Never: show once; encrypted copies are erased.</summary>
        [Parameter]
        public RevealPolicy Reveal { get; set; }

        /// <summary>From this moment an account that never had a standard key cannot get one; $null clears it.</summary>
        [Parameter]
        public DateTimeOffset? NewKeysUntil { get; set; }

        /// <summary>From this moment standard keys no longer verify; $null clears it.</summary>
        [Parameter]
        public DateTimeOffset? SunsetAt { get; set; }

        /// <summary>Change without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the resulting policy to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            // Only what was given changes; $null is a value here (it clears a date), so presence is read from the binding.
            var change = new StorePolicyChange();
            var actions = new List<string>();
            if (IsBound(nameof(Reveal)))
            {
                change.Reveal = Reveal;
                actions.Add($"Set Reveal to {Reveal}" + (Reveal == RevealPolicy.Never ? " (every stored copy of a secret is erased; keys can no longer be shown again)" : string.Empty));
            }

            if (IsBound(nameof(NewKeysUntil)))
            {
                change.NewKeysUntil = NewKeysUntil?.ToUniversalTime();
                actions.Add(NewKeysUntil.HasValue ? $"Close first standard keys from {NewKeysUntil.Value.UtcDateTime:u}" : "Clear NewKeysUntil");
            }

            if (IsBound(nameof(SunsetAt)))
            {
                change.SunsetAt = SunsetAt?.ToUniversalTime();
                actions.Add(SunsetAt.HasValue ? $"Stop standard keys from verifying from {SunsetAt.Value.UtcDateTime:u}" : "Clear SunsetAt (standard keys verify again)");
            }

            try
            {
                change.Validate();
            }
            catch (ApiKeyAdminException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }

            Run(() =>
            {
                if (!ShouldChange(Force, $"store '{Manager.Location}'", string.Join("; ", actions)))
                {
                    return;
                }

                StorePolicy policy = Manager.Policy.Set(change);
                if (PassThru)
                {
                    WriteObject(policy);
                }
            });
        }
    }
}
