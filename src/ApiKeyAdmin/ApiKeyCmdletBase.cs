using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// What every ApiKeyAdmin cmdlet shares: the store parameter, a core manager opened on first use, cancellation on
    /// Ctrl+C, and the mapping of core errors to error records.
    /// </summary>
    public abstract class ApiKeyCmdletBase : CancellableCmdlet
    {
        /// <summary>The type name whose table view (in the format file) shows a plain-text secret.</summary>
        private const string PlainTextSecretView = "ApiKeyAdmin.ApiKey#PlainTextSecret";

        private ApiKeyManager manager;

        /// <summary>The SQLite store file. Default: $env:APIKEYADMIN_STORE, else the per-user data folder; not together with -ConnectionString.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        /// <summary>
        /// A PostgreSQL store, in Npgsql's syntax (Host=db1;Database=apikeys;Username=keyadmin). Default:
        /// $env:APIKEYADMIN_CONNECTION. Needs PowerShell 7; not together with -StorePath.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ConnectionString { get; set; }

        /// <summary>
        /// The core, over the chosen store, acting as the session's user. Each use first refuses a secret in a
        /// parameter, which covers values bound from the pipeline after BeginProcessing.
        /// </summary>
        protected ApiKeyManager Manager
        {
            get
            {
                MisplacedSecrets.Refuse(this);
                if (manager == null)
                {
                    manager = StoreFactory.NewManager(SessionState, NewStore());
                    // Location never holds a password.
                    WriteVerbose($"Store: {manager.Location}; acting as {manager.Actor}.");
                }

                return manager;
            }
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                manager?.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>A new store object for the chosen store, SQLite or PostgreSQL; nothing is opened yet.</summary>
        protected IKeyStore NewStore()
        {
            MisplacedSecrets.Refuse(this);
            return StoreFactory.NewStore(SessionState, StorePath, ConnectionString);
        }

        /// <summary>Runs one core call, reporting its failure as a terminating or non-terminating error.</summary>
        protected void Run(Action action)
        {
            try
            {
                action();
            }
            catch (ApiKeyAdminException ex)
            {
                Report(ex);
            }
        }

        /// <summary>Reports a core failure: store-wide ones stop the command, per-item ones let it go on.</summary>
        protected void Report(ApiKeyAdminException ex)
        {
            if (ex.StopsCommand)
            {
                ThrowTerminatingError(Errors.From(ex));
            }

            WriteError(Errors.From(ex));
        }

        /// <summary>
        /// Asks for confirmation unless -Force was given; -WhatIf still wins over -Force, and a session that cannot
        /// prompt fails here with ConfirmationRequired, which names the consent to give, before anything changes.
        /// </summary>
        protected bool ShouldChange(bool force, string target, string action)
        {
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object value) ? ((SwitchParameter)value).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            if (force && !whatIf)
            {
                return true;
            }

            try
            {
                return ShouldProcess(target, action);
            }
            // pwsh -NonInteractive refuses the prompt with PSInvalidOperationException, a host without a UI with HostException.
            catch (Exception ex) when (ex is PSInvalidOperationException || ex is HostException)
            {
                // ThrowTerminatingError always throws; the return only satisfies the compiler.
                ThrowTerminatingError(Errors.From(Fail.ConfirmationRequired(target, action, ex)));
                return false;
            }
        }

        /// <summary>
        /// Writes a key with its secret attached as a SecureString, or as plain text when asked; a plain-text secret gets a
        /// table view of its own that shows it. In a show-once store a warning says that this is the only time.
        /// </summary>
        protected void WriteKey(IssuedKey issued, bool asPlainText)
        {
            WriteSecretKey(issued, asPlainText);
            // After the key, never before: a warning that fails (-WarningAction Inquire where nobody can answer) must
            // not cost a secret that cannot be shown again.
            if (issued.ShownOnce)
            {
                WriteWarning($"The store is show-once: this is the only time the secret of {issued.Key.KeyId} of account '{issued.Key.Account}' is shown. " +
                    "Keep it now, for example with Set-Secret; it cannot be shown again.");
            }
        }

        private void WriteSecretKey(IssuedKey issued, bool asPlainText)
        {
            if (issued.Secret == null)
            {
                WriteObject(issued.Key);
            }
            else if (asPlainText)
            {
                var shown = new PSObject(issued.Key.WithSecret(issued.Secret));
                shown.TypeNames.Insert(0, PlainTextSecretView);
                WriteObject(shown);
            }
            else
            {
                var secure = new SecureString();
                foreach (char c in issued.Secret)
                {
                    secure.AppendChar(c);
                }

                secure.MakeReadOnly();
                WriteObject(issued.Key.WithSecret(secure));
            }
        }

        /// <summary>Warns once per key that is past its rotation date, saying how to rotate it.</summary>
        protected void WarnIfOverdue(ApiKey key)
        {
            if (key.Status == KeyStatus.Active && key.RotationState == RotationState.Overdue)
            {
                WriteWarning($"The {key.Kind} key {key.KeyId} of account '{key.Account}' is {key.AgeDays} days old, past its rotation date " +
                    $"({key.RotationDueAt:yyyy-MM-dd}). Rotate it: Invoke-ApiKeyRotation -Account '{key.Account.Replace("'", "''")}' -Kind {key.Kind}");
            }
        }

        /// <summary>The kind a command acts on: an -AppName without -Kind means an app token.</summary>
        protected KeyKind KindFor(KeyKind kind, string appName) =>
            !string.IsNullOrEmpty(appName) && !IsBound("Kind") ? KeyKind.AppToken : kind;

        /// <summary>The kinds a reading command lists: those of -Kind, app tokens for an -AppName alone, else every kind (null).</summary>
        protected IReadOnlyList<KeyKind> KindsFor(KeyKind[] kinds, string appName) =>
            IsBound("Kind") ? kinds : !string.IsNullOrEmpty(appName) ? new[] { KeyKind.AppToken } : null;

        /// <summary>Whether the user gave a parameter, for value-type parameters whose default means "not given".</summary>
        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>Reports how many rows a long read has handled so far; the total is not known in advance.</summary>
        protected void WriteRowProgress(string activity, long rows) =>
            WriteProgress(new ProgressRecord(1, activity, $"{rows:N0} rows"));

        /// <summary>Closes the progress bar of a long read.</summary>
        protected void CompleteRowProgress(string activity) =>
            WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
    }
}
