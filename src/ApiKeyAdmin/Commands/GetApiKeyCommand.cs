using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>Get-ApiKey: lists keys, and with -Reveal shows their secrets under audit.</summary>
    [Cmdlet(VerbsCommon.Get, "ApiKey", DefaultParameterSetName = ByAccount, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ApiKey))]
    public sealed class GetApiKeyCommand : ApiKeyCmdletBase
    {
        private const string ByAccount = "ByAccount";
        private const string ByKeyId = "ByKeyId";
        private bool sunsetChecked;

        /// <summary>The accounts whose keys to list; every account when omitted.</summary>
        [Parameter(Position = 0, ParameterSetName = ByAccount, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountCompleter))]
        public string[] Account { get; set; }

        /// <summary>One key, by its id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByKeyId, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(KeyIdCompleter))]
        public string KeyId { get; set; }

        /// <summary>Standard (the default), Developer or AppToken.</summary>
        [Parameter(ParameterSetName = ByAccount)]
        public KeyKind Kind { get; set; } = KeyKind.Standard;

        /// <summary>Only the token of this app; implies -Kind AppToken.</summary>
        [Parameter(ParameterSetName = ByAccount)]
        public string AppName { get; set; }

        /// <summary>List deactivated keys too.</summary>
        [Parameter(ParameterSetName = ByAccount)]
        public SwitchParameter IncludeInactive { get; set; }

        /// <summary>Show each key's secret; every showing is written to the audit log.</summary>
        [Parameter]
        public SwitchParameter Reveal { get; set; }

        /// <summary>With -Reveal, the secret as plain text instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        /// <summary>With -Reveal, show the secrets of several keys without asking first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var query = new KeyQuery
            {
                Accounts = Account,
                KeyId = KeyId,
                Kind = ParameterSetName == ByAccount ? KindFor(Kind, AppName) : (KeyKind?)null,
                AppName = AppName,
                IncludeInactive = IncludeInactive,
            };
            Run(() =>
            {
                WarnOfSunsetOnce();
                // More than one secret is shown only when confirmed (ConfirmImpact High: a session that cannot prompt
                // fails at the question, before anything is revealed or audited).
                KeyQueryResult result = Reveal
                    ? Manager.Keys.Reveal(query, count => count <= 1 || ShouldChange(Force, $"the secrets of {count:N0} API keys (each showing is audited)", "Reveal"))
                    : Manager.Keys.List(query);
                foreach (IssuedKey key in result.Keys)
                {
                    WarnIfOverdue(key.Key);
                    WriteObject(WithSecret(key, AsPlainText));
                }

                foreach (ApiKeyAdminException error in result.Errors)
                {
                    WriteError(Errors.From(error));
                }
            });
        }

        // The banner comes once per call, however many accounts are piped in.
        private void WarnOfSunsetOnce()
        {
            if (sunsetChecked)
            {
                return;
            }

            sunsetChecked = true;
            SunsetNotice notice = Manager.Sunset.Notice();
            if (notice != null)
            {
                WriteWarning(notice.ToString());
            }
        }
    }
}
