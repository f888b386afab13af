using System.Linq;
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

        /// <summary>The accounts whose keys to list, wildcards allowed (escape one with a backtick); every account when omitted.</summary>
        [Parameter(Position = 0, ParameterSetName = ByAccount, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccountCompleter))]
        [SupportsWildcards]
        public string[] Account { get; set; }

        /// <summary>One key, by its id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByKeyId, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(KeyIdCompleter))]
        public string KeyId { get; set; }

        /// <summary>Only keys of these kinds (Standard, Developer, AppToken); every kind when omitted.</summary>
        [Parameter(ParameterSetName = ByAccount)]
        [ValidateNotNullOrEmpty]
        public KeyKind[] Kind { get; set; }

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
                KeyId = KeyId,
                Kinds = ParameterSetName == ByAccount ? KindsFor(Kind, AppName) : null,
                AppName = AppName,
                IncludeInactive = IncludeInactive,
            };
            AccountPatterns.Apply(Account, query);
            Run(() =>
            {
                // More than one secret is shown only when confirmed (ConfirmImpact High: a session that cannot prompt
                // fails at the question, before anything is revealed or audited).
                KeyQueryResult result = Reveal
                    ? Manager.Keys.Reveal(query, count => count <= 1 || ShouldChange(Force, $"the secrets of {count:N0} API keys (each showing is audited)", "Reveal"))
                    : Manager.Keys.List(query);
                if (result.Keys.Any(k => k.Key.Kind == KeyKind.Standard))
                {
                    WarnOfSunsetOnce();
                }

                foreach (IssuedKey key in result.Keys)
                {
                    WarnIfOverdue(key.Key);
                    WriteKey(key, AsPlainText);
                }

                foreach (ApiKeyAdminException error in result.Errors)
                {
                    WriteError(Errors.From(error));
                }
            });
        }

        // The banner comes once per session and store, and only with standard keys, the ones the sunset stops.
        private void WarnOfSunsetOnce()
        {
            if (sunsetChecked)
            {
                return;
            }

            sunsetChecked = true;
            if (SunsetBanner.WasShown(Manager.Location))
            {
                return;
            }

            SunsetNotice notice = Manager.Sunset.Notice();
            if (notice != null)
            {
                SunsetBanner.Remember(Manager.Location);
                WriteWarning(notice.ToString());
            }
        }
    }
}
