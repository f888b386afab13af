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

        /// <summary>Standard (the default), Developer or AppToken.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public KeyKind Kind { get; set; } = KeyKind.Standard;

        /// <summary>The app an app token is for; one active token per account and app. Implies -Kind AppToken.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string AppName { get; set; }

        /// <summary>An app token's scopes: lowercase dotted words, such as crm.objects.contacts.read.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] Scope { get; set; }

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
            KeyKind kind = KindFor(Kind, AppName);
            string what = kind == KeyKind.AppToken ? $"Generate app token for app '{AppName}'" : $"Generate {kind} API key";
            if (!ShouldProcess($"account '{Account}'", what))
            {
                return;
            }

            Run(() =>
            {
                IssuedKey issued = Manager.Keys.Create(Account, kind, Description, AppName, Scope);
                WriteVerbose($"Generated {kind} key {issued.Key.KeyId} for account '{Account}'.");
                WriteKey(issued, AsPlainText);
            });
        }
    }
}
