using System.Collections.Generic;
using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// The targeting that rotation and deactivation share: an account and kind, a key id, or key objects from the
    /// pipeline; the targets are resolved before confirmation so the prompt names real keys.
    /// </summary>
    public abstract class KeyTargetCommandBase : ApiKeyCmdletBase
    {
        /// <summary>Parameter set: by account and kind.</summary>
        protected const string ByAccount = "ByAccount";

        /// <summary>Parameter set: by key id.</summary>
        protected const string ByKeyId = "ByKeyId";

        /// <summary>Parameter set: key objects from the pipeline.</summary>
        protected const string ByObject = "ByObject";

        /// <summary>The account whose key to act on.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByAccount, ValueFromPipelineByPropertyName = true)]
        public string Account { get; set; }

        /// <summary>Standard (the default) or Developer.</summary>
        [Parameter(ParameterSetName = ByAccount, ValueFromPipelineByPropertyName = true)]
        public KeyKind Kind { get; set; } = KeyKind.Standard;

        /// <summary>One key, by its id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByKeyId)]
        [ValidateNotNullOrEmpty]
        public string KeyId { get; set; }

        /// <summary>Keys from Get-ApiKey.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true)]
        public ApiKey[] InputObject { get; set; }

        /// <summary>Act without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// The requests this invocation makes: (account, kind, key id) with a null key id for account targets.
        /// </summary>
        protected IEnumerable<(string Account, KeyKind Kind, string KeyId)> Targets()
        {
            switch (ParameterSetName)
            {
                case ByKeyId:
                    yield return (null, KeyKind.Standard, KeyId);
                    break;
                case ByObject:
                    foreach (ApiKey key in InputObject)
                    {
                        yield return (key.Account, key.Kind, key.KeyId);
                    }

                    break;
                default:
                    yield return (Account, Kind, null);
                    break;
            }
        }

        /// <summary>The keys a target names that still verify, for the confirmation text and the change.</summary>
        protected KeyQueryResult Resolve((string Account, KeyKind Kind, string KeyId) target) => Manager.GetKeys(
            target.KeyId != null ? new KeyQuery { KeyId = target.KeyId }
                : new KeyQuery { Accounts = new[] { target.Account }, Kind = target.Kind });

        /// <summary>How a key is named in prompts.</summary>
        protected static string Describe(ApiKey key) => $"{key.Kind} API key {key.KeyId} ({key.MaskedKey}) of account '{key.Account}'";
    }
}
