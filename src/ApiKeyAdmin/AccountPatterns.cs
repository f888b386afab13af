using System.Linq;
using System.Management.Automation;

namespace ApiKeyAdmin
{
    /// <summary>
    /// -Account on reading commands, as Get-SecretInfo -Name reads names: PowerShell wildcards without regard to case;
    /// a name without wildcard characters (or with them escaped by a backtick) is an exact name, reported when missing.
    /// </summary>
    internal static class AccountPatterns
    {
        /// <summary>Puts the exact names and the patterns of <paramref name="accounts"/> into the query; every account when null.</summary>
        internal static void Apply(string[] accounts, KeyQuery query)
        {
            if (accounts == null)
            {
                return;
            }

            query.Accounts = accounts.Where(a => !WildcardPattern.ContainsWildcardCharacters(a)).Select(WildcardPattern.Unescape).ToList();
            WildcardPattern[] patterns = accounts.Where(WildcardPattern.ContainsWildcardCharacters)
                .Select(a => new WildcardPattern(a, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            if (patterns.Length > 0)
            {
                query.AccountMatch = name => patterns.Any(p => p.IsMatch(name));
            }
        }
    }
}
