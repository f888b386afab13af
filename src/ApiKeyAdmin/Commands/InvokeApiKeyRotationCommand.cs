using System;
using System.Linq;
using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Invoke-ApiKeyRotation: replaces a key with a new one; the old one stops at once or after a grace period.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ApiKeyRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByKeyId)]
    [OutputType(typeof(ApiKey))]
    public sealed class InvokeApiKeyRotationCommand : KeyTargetCommandBase
    {
        /// <summary>How long the old key keeps verifying, at most 7 days; without it the old key stops at once.</summary>
        [Parameter]
        public TimeSpan GracePeriod { get; set; }

        /// <summary>Return the new secret as plain text instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        private TimeSpan? Grace => IsBound(nameof(GracePeriod)) ? GracePeriod : (TimeSpan?)null;

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                KeyPolicy.ValidateGracePeriod(Grace ?? TimeSpan.Zero);
            }
            catch (ApiKeyAdminException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Run(() =>
            {
                KeyQueryResult found = Resolve();
                ApiKey key = found.Keys.Select(k => k.Key).OrderBy(k => k.Status).FirstOrDefault();
                if (key == null)
                {
                    found.Errors.ToList().ForEach(e => WriteError(Errors.From(e)));
                    return;
                }

                string fate = Grace > TimeSpan.Zero ? $"the old key keeps working for {Grace}" : "the old key stops working at once";
                if (!ShouldChange(Force, Describe(key), $"Rotate ({fate})"))
                {
                    return;
                }

                IssuedKey issued = Manager.Keys.Rotate(key.Account, key.Kind, key.KeyId, Grace);
                WriteVerbose($"Rotated {key.KeyId} of account '{key.Account}': new key {issued.Key.KeyId}; {fate}.");
                WriteObject(WithSecret(issued, AsPlainText));
            });
        }
    }
}
