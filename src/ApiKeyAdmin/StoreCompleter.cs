using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Tab completion of account names, key ids and users from the store the command line names (its -StorePath or
    /// -ConnectionString, else the environment variables or the default). It never prompts, never creates a store and never fails: a missing
    /// store, a user without the role or any error gives no suggestions.
    /// </summary>
    public abstract class StoreCompleter : IArgumentCompleter
    {
        private readonly CompletionSubject subject;

        /// <summary>A completer for one kind of value.</summary>
        protected StoreCompleter(CompletionSubject subject)
        {
            this.subject = subject;
        }

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
            return Values(fakeBoundParameters?["StorePath"] as string, fakeBoundParameters?["ConnectionString"] as string)
                .Where(v => pattern.IsMatch(v.Value))
                .OrderBy(v => v.Value, StringComparer.OrdinalIgnoreCase)
                .Select(v => new CompletionResult(Quote(v.Value), v.Value, CompletionResultType.ParameterValue, v.ToolTip))
                .ToList();
        }

        private IReadOnlyList<CompletionValue> Values(string storePath, string connectionString)
        {
            try
            {
                SessionState session = CurrentSessionState();
                if (session == null)
                {
                    return Array.Empty<CompletionValue>();
                }

                using (ApiKeyManager manager = StoreFactory.NewManager(session, StoreFactory.NewStore(session, storePath, connectionString)))
                {
                    return manager.Completion.Values(subject);
                }
            }
            catch (Exception ex) when (ex is ApiKeyAdminException || ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException)
            {
                return Array.Empty<CompletionValue>();
            }
        }

        // The completer runs inside the pipeline that asked for completion, where the runspace's proxy is busy; a nested
        // pipeline on the current runspace may still read its session state.
        private static SessionState CurrentSessionState()
        {
            using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                return shell.AddScript("$ExecutionContext.SessionState").Invoke<SessionState>().FirstOrDefault();
            }
        }

        // Quoted only when the shell would otherwise split or evaluate it; inner quotes doubled.
        private static string Quote(string value) =>
            value.Any(c => char.IsWhiteSpace(c) || "'\"`$&@(){}[];,|<>#".IndexOf(c) >= 0) ? "'" + value.Replace("'", "''") + "'" : value;
    }

    /// <summary>Completes -Account from the store.</summary>
    public sealed class AccountCompleter : StoreCompleter
    {
        /// <summary>Creates the completer.</summary>
        public AccountCompleter()
            : base(CompletionSubject.Account)
        {
        }
    }

    /// <summary>Completes -KeyId from the store.</summary>
    public sealed class KeyIdCompleter : StoreCompleter
    {
        /// <summary>Creates the completer.</summary>
        public KeyIdCompleter()
            : base(CompletionSubject.KeyId)
        {
        }
    }

    /// <summary>Completes -User from the store's role holders.</summary>
    public sealed class UserCompleter : StoreCompleter
    {
        /// <summary>Creates the completer.</summary>
        public UserCompleter()
            : base(CompletionSubject.User)
        {
        }
    }

    /// <summary>Completes -Login from the shared store's access rows.</summary>
    public sealed class LoginCompleter : StoreCompleter
    {
        /// <summary>Creates the completer.</summary>
        public LoginCompleter()
            : base(CompletionSubject.Login)
        {
        }
    }
}
