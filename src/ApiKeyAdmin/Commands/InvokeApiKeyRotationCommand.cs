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

                // `Get-ApiKey -Account x | Invoke-ApiKeyRotation` also pipes the Expiring key, which has no rotation to do;
                // a key named by hand that cannot rotate is refused before anyone is asked.
                if (key.Status != KeyStatus.Active)
                {
                    if (MyInvocation.ExpectingInput)
                    {
                        WriteVerbose($"Skipped {key.KeyId} of account '{key.Account}': it is {key.Status}, and only an Active key is rotated.");
                    }
                    else
                    {
                        WriteError(Errors.From(Fail.KeyNotActive(key.KeyId, key.Status)));
                    }

                    return;
                }

                // The account's Expiring key stops at once too (one Expiring key at a time), so the prompt names it.
                ApiKey expiring = Resolve(key).Keys.Select(k => k.Key).FirstOrDefault(k => k.Status == KeyStatus.Expiring);
                bool graceful = Grace > TimeSpan.Zero;
                string fate = graceful ? $"it keeps working for {KeyPolicy.DescribeGrace(Grace.Value, DateTimeOffset.UtcNow)}" : "it stops working at once";
                string target = expiring == null ? Describe(key) : $"{Describe(key)}, and the Expiring {Describe(expiring)}";
                string cut = expiring == null ? string.Empty : $"; the Expiring key {expiring.KeyId} stops working at once";
                if (!ShouldChange(Force, target, $"Rotate (a new key replaces it; {fate}{cut})"))
                {
                    return;
                }

                IssuedKey issued = Manager.Keys.Rotate(key.Account, key.Kind, key.KeyId, Grace);
                WriteVerbose($"Rotated {key.KeyId} of account '{key.Account}': new key {issued.Key.KeyId}; {fate}{cut}.");
                WriteKey(issued, AsPlainText);
            });
        }
    }
}
