using System.Management.Automation;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// The targeting that rotation and deactivation share: an account and kind, or a key id. Key ids bind by property
    /// name in the default set, so a piped key is acted on exactly, never widened to its account's other keys; objects
    /// with only an Account property bind by account. Targets are resolved before confirmation so the prompt names real keys.
    /// </summary>
    public abstract class KeyTargetCommandBase : ApiKeyCmdletBase
    {
        /// <summary>Parameter set: by account and kind.</summary>
        protected const string ByAccount = "ByAccount";

        /// <summary>Parameter set: by key id.</summary>
        protected const string ByKeyId = "ByKeyId";

        /// <summary>The account whose key to act on.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByAccount, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AccountCompleter))]
        public string Account { get; set; }

        /// <summary>Standard (the default), Developer or AppToken.</summary>
        [Parameter(ParameterSetName = ByAccount, ValueFromPipelineByPropertyName = true)]
        public KeyKind Kind { get; set; } = KeyKind.Standard;

        /// <summary>The app whose token to act on; implies -Kind AppToken.</summary>
        [Parameter(ParameterSetName = ByAccount, ValueFromPipelineByPropertyName = true)]
        public string AppName { get; set; }

        /// <summary>One key, by its id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByKeyId, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(KeyIdCompleter))]
        public string KeyId { get; set; }

        /// <summary>Act without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The key id this record names, or null when it names an account and kind.</summary>
        protected string TargetKeyId => ParameterSetName == ByKeyId ? KeyId : null;

        /// <summary>The kind this record names: -Kind, or AppToken for an -AppName alone.</summary>
        protected KeyKind TargetKind => KindFor(Kind, AppName);

        /// <summary>
        /// The keys this record names that still verify (or the one named by id), for the confirmation text and the
        /// change; StoreNotFound on a missing store, and before that InvalidKeyId for an id that cannot be one.
        /// </summary>
        protected KeyQueryResult Resolve()
        {
            // The manager first: it refuses a secret pasted into the id before the id's error could echo it.
            ApiKeyManager manager = Manager;
            if (TargetKeyId != null)
            {
                KeyPolicy.ValidateKeyId(TargetKeyId);
            }

            manager.RequireStore();
            if (TargetKeyId != null)
            {
                return Manager.Keys.List(new KeyQuery { KeyId = KeyId });
            }

            // A token is one of several an account may hold, so acting on one needs its app name.
            KeyPolicy.ValidateAppTarget(TargetKind, AppName, required: true);
            return Manager.Keys.List(new KeyQuery { Accounts = new[] { Account }, Kinds = new[] { TargetKind }, AppName = AppName });
        }

        /// <summary>The keys that verify of the account, kind and app of <paramref name="key"/>, itself included.</summary>
        protected KeyQueryResult Resolve(ApiKey key) =>
            Manager.Keys.List(new KeyQuery { Accounts = new[] { key.Account }, Kinds = new[] { key.Kind }, AppName = key.AppName });

        /// <summary>How a key is named in prompts.</summary>
        protected static string Describe(ApiKey key) => key.Kind == KeyKind.AppToken
            ? $"app token {key.KeyId} ({key.MaskedKey}) of app '{key.AppName}' of account '{key.Account}'"
            : $"{key.Kind} API key {key.KeyId} ({key.MaskedKey}) of account '{key.Account}'";
    }
}
