using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace ApiKeyAdmin
{
    /// <summary>
    /// -Account on reading commands, as Get-SecretInfo -Name reads names: PowerShell wildcards without regard to case;
    /// a name without wildcard characters (or with them escaped by a backtick) is an exact name.
    /// </summary>
    internal static class AccountPatterns
    {
        /// <summary>Puts the exact names and the patterns of <paramref name="accounts"/> into a key query; every account when null.</summary>
        internal static void Apply(string[] accounts, KeyQuery query)
        {
            if (accounts == null)
            {
                return;
            }

            query.Accounts = ExactNames(accounts);
            WildcardPattern[] patterns = Patterns(accounts);
            if (patterns.Length > 0)
            {
                query.AccountMatch = name => patterns.Any(p => p.IsMatch(name));
            }
        }

        /// <summary>
        /// The account names a log filter takes: the exact names, and the store's names that a pattern matches; null for
        /// every account.
        /// </summary>
        internal static IReadOnlyList<string> Expand(string[] accounts, Func<IEnumerable<string>> storeNames)
        {
            if (accounts == null)
            {
                return null;
            }

            List<string> names = ExactNames(accounts);
            WildcardPattern[] patterns = Patterns(accounts);
            if (patterns.Length > 0)
            {
                names.AddRange(storeNames().Where(name => patterns.Any(p => p.IsMatch(name))));
            }

            // A pattern that matches no account still filters: as an exact name, its text names no account there is.
            return names.Count > 0 ? names : accounts;
        }

        private static List<string> ExactNames(string[] accounts) =>
            accounts.Where(a => !WildcardPattern.ContainsWildcardCharacters(a)).Select(WildcardPattern.Unescape).ToList();

        private static WildcardPattern[] Patterns(string[] accounts) =>
            accounts.Where(WildcardPattern.ContainsWildcardCharacters)
                .Select(a => new WildcardPattern(a, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
    }
}
