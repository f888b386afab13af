using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin
{
    /// <summary>
    /// What a command asks the store session to do, and on what: written into the AccessDenied audit row when the actor
    /// lacks the role, so the log says what was refused and not only which role was missing.
    /// </summary>
    internal sealed class Operation
    {
        // Every account the operation names, for the detail; the audit row's account column takes one alone.
        private readonly IReadOnlyList<string> accounts;

        private Operation(string name, IReadOnlyList<string> accounts, string keyId, string setting)
        {
            Name = name;
            this.accounts = accounts ?? new string[0];
            KeyId = keyId;
            Setting = setting;
        }

        /// <summary>The operation, as a verb phrase ("rotate a key").</summary>
        internal string Name { get; }

        /// <summary>The account it targets when it names exactly one, else null.</summary>
        internal string Account => accounts.Count == 1 ? accounts[0] : null;

        /// <summary>The key it targets, or null.</summary>
        internal string KeyId { get; }

        /// <summary>The store setting it targets, or null.</summary>
        internal string Setting { get; }

        /// <summary>An operation on a key, named by its account, its id, or both.</summary>
        internal static Operation OnKey(string name, string account, string keyId = null) => new Operation(name, account == null ? null : new[] { account }, keyId, null);

        /// <summary>An operation on keys of the accounts a query names (none: every account) or on one key.</summary>
        internal static Operation OnKeys(string name, IReadOnlyList<string> accounts, string keyId) => new Operation(name, accounts, keyId, null);

        /// <summary>An operation on store settings.</summary>
        internal static Operation OnSetting(string name, string setting) => new Operation(name, null, null, setting);

        /// <summary>An operation on the whole store, or on a target that is neither a key nor a setting (named in <paramref name="name"/>).</summary>
        internal static Operation OnStore(string name) => new Operation(name, null, null, null);

        /// <summary>The audit detail of a refusal: the operation and each target given.</summary>
        public override string ToString()
        {
            string text = Name;
            if (KeyId != null)
            {
                text += $" (key {SafeText.Echo(KeyId)})";
            }

            if (accounts.Count > 0)
            {
                text += (accounts.Count == 1 ? " of account " : " of accounts ") + string.Join(", ", accounts.Select(a => $"'{SafeText.Echo(a)}'"));
            }

            if (Setting != null)
            {
                text += $" (setting {Setting})";
            }

            return text;
        }
    }
}
