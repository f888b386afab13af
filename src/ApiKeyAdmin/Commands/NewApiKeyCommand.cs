using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>New-ApiKey: generates an account's key where none of that kind is active.</summary>
    [Cmdlet(VerbsCommon.New, "ApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ApiKey))]
    public sealed class NewApiKeyCommand : ApiKeyCmdletBase
    {
        /// <summary>The account the key is for.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AccountCompleter))]
        public string Account { get; set; }

        /// <summary>Standard (the default) or Developer.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public KeyKind Kind { get; set; } = KeyKind.Standard;

        /// <summary>What the key is for, shown with the key.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string Description { get; set; }

        /// <summary>Return the secret as plain text instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"account '{Account}'", $"Generate {Kind} API key"))
            {
                return;
            }

            Run(() =>
            {
                IssuedKey issued = Manager.CreateKey(Account, Kind, Description);
                WriteVerbose($"Generated {Kind} key {issued.Key.KeyId} for account '{Account}'.");
                WriteObject(WithSecret(issued, AsPlainText));
            });
        }
    }
}
