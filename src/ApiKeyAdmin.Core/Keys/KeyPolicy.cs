using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ApiKeyAdmin.Secrets;

namespace ApiKeyAdmin
{
    /// <summary>The rules for names, descriptions and grace periods, checked before anything touches the store.</summary>
    public static class KeyPolicy
    {
        /// <summary>The longest grace period a rotation may give the old key.</summary>
        public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(7);

        /// <summary>The longest account name.</summary>
        public const int MaxAccountLength = 128;

        /// <summary>The longest key description.</summary>
        public const int MaxDescriptionLength = 1024;

        /// <summary>The longest user name.</summary>
        public const int MaxUserLength = 256;

        /// <summary>Throws InvalidAccountName unless the name has 1–128 characters, no surrounding white space and no control or format characters.</summary>
        public static void ValidateAccount(string account)
        {
            string why = CheckName(account, MaxAccountLength, "the account name");
            if (why != null)
            {
                throw Fail.InvalidAccountName(account, why);
            }
        }

        /// <summary>The longest app name.</summary>
        public const int MaxAppNameLength = 128;

        // Lowercase dotted words, as HubSpot's scopes are written (crm.objects.contacts.read).
        private static readonly Regex ScopeName = new Regex(@"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", RegexOptions.CultureInvariant);

        /// <summary>Throws InvalidAppName under the same rules as account names.</summary>
        public static void ValidateAppName(string appName)
        {
            string why = CheckName(appName, MaxAppNameLength, "the app name");
            if (why != null)
            {
                throw Fail.InvalidAppName(appName, why);
            }
        }

        /// <summary>
        /// Checks that an app name goes with the kind: app tokens are picked by one (AppNameRequired when
        /// <paramref name="required"/>), keys have none (AppNameNotAllowed). Empty counts as none.
        /// </summary>
        public static void ValidateAppTarget(KeyKind kind, string appName, bool required)
        {
            bool given = !string.IsNullOrEmpty(appName);
            if (kind != KeyKind.AppToken && given)
            {
                throw Fail.AppNameNotAllowed(kind, appName);
            }

            if (kind == KeyKind.AppToken && !given && required)
            {
                throw Fail.AppNameRequired();
            }

            if (given)
            {
                ValidateAppName(appName);
            }
        }

        /// <summary>
        /// The scopes as one space-separated string, sorted and distinct; each item may itself hold several names
        /// separated by white space. Throws InvalidScope for a name that is not lowercase dotted words.
        /// </summary>
        public static string NormalizeScopes(IEnumerable<string> scopes)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string name in (scopes ?? Enumerable.Empty<string>()).SelectMany(s => (s ?? string.Empty).Split((char[])null, StringSplitOptions.RemoveEmptyEntries)))
            {
                if (name.Length > MaxScopeLength || !ScopeName.IsMatch(name))
                {
                    throw Fail.InvalidScope(name);
                }

                names.Add(name);
            }

            return string.Join(" ", names);
        }

        /// <summary>The longest scope name.</summary>
        public const int MaxScopeLength = 128;

        /// <summary>Throws InvalidUserName under the same rules as account names.</summary>
        public static void ValidateUser(string user)
        {
            string why = CheckName(user, MaxUserLength, "the user name");
            if (why != null)
            {
                throw Fail.InvalidUserName(user, why);
            }
        }

        /// <summary>Throws InvalidDescription when a description is too long or holds control or format characters.</summary>
        public static void ValidateDescription(string description)
        {
            if (description == null)
            {
                return;
            }

            RefuseSecret(description, "the description");
            if (description.Length > MaxDescriptionLength)
            {
                throw Fail.InvalidDescription($"it has {description.Length} characters; at most {MaxDescriptionLength} are allowed");
            }

            if (FindHiddenCharacter(description) is int index)
            {
                throw Fail.InvalidDescription($"it holds a control or format character (U+{(int)description[index]:X4}) at position {index}");
            }
        }

        /// <summary>The shortest grace period other than none.</summary>
        public static readonly TimeSpan MinGracePeriod = TimeSpan.FromMinutes(1);

        /// <summary>
        /// Throws InvalidGracePeriod unless the grace period is zero or from one minute to 7 days. A shorter one gives an
        /// integration no time to switch, and is most often a bare number that PowerShell read as ticks (-GracePeriod 2).
        /// </summary>
        public static void ValidateGracePeriod(TimeSpan grace)
        {
            if (grace < TimeSpan.Zero || grace > MaxGracePeriod || (grace > TimeSpan.Zero && grace < MinGracePeriod))
            {
                throw Fail.InvalidGracePeriod(grace);
            }
        }

        /// <summary>A grace period as people say it, with its end: "2 days, until 2026-12-06 03:15Z", "1 day 4 hours, until …".</summary>
        public static string DescribeGrace(TimeSpan grace, DateTimeOffset from)
        {
            var parts = new List<string>();
            void Add(int count, string unit)
            {
                if (count > 0)
                {
                    parts.Add(count == 1 ? $"1 {unit}" : $"{count} {unit}s");
                }
            }

            Add(grace.Days, "day");
            Add(grace.Hours, "hour");
            // A grace period is at least a minute, so seconds would only be noise.
            Add(grace.Minutes, "minute");
            return $"{string.Join(" ", parts)}, until {(from + grace).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z";
        }

        /// <summary>Throws InvalidEmail unless the text looks like one mailbox address.</summary>
        public static void ValidateEmail(string email)
        {
            if (string.IsNullOrEmpty(email))
            {
                return;
            }

            RefuseSecret(email, "the e-mail address");
            int at = email.IndexOf('@');
            bool plausible = email.Length <= 254 && at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1
                && email.IndexOf(' ') < 0 && FindHiddenCharacter(email) == null;
            if (!plausible)
            {
                throw Fail.InvalidEmail(email);
            }
        }

        /// <summary>Throws InvalidKeyId unless the text has a key id's shape, before any store is read.</summary>
        public static void ValidateKeyId(string keyId)
        {
            if (!KeyFormat.IsKeyId(keyId))
            {
                throw Fail.InvalidKeyId(keyId);
            }
        }

        /// <summary>
        /// An account or user name as it is stored and looked up: in Unicode's composed form (NFC), so that é typed as
        /// e + U+0301 and as U+00E9 is one name; null stays null. Never throws.
        /// </summary>
        public static string NormalizeName(string name)
        {
            try
            {
                return name == null || name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);
            }
            catch (ArgumentException)
            {
                // A lone surrogate has no normal form; validation refuses such a name, and until then it stays as given.
                return name;
            }
        }

        /// <summary>Each name as <see cref="NormalizeName"/> gives it; null stays null.</summary>
        public static IReadOnlyList<string> NormalizeNames(IReadOnlyList<string> names) => names?.Select(NormalizeName).ToList();

        // A secret of this module's own format is refused wherever it would be stored as a name or text, without echoing it.
        private static void RefuseSecret(string text, string what)
        {
            if (KeyFormat.ContainsSecret(text))
            {
                throw Fail.SecretInWrongParameter(what);
            }
        }

        private static string CheckName(string name, int maxLength, string what)
        {
            if (string.IsNullOrEmpty(name))
            {
                return "it is empty";
            }

            RefuseSecret(name, what);

            if (name.Length > maxLength)
            {
                return $"it has {name.Length} characters; at most {maxLength} are allowed";
            }

            if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[name.Length - 1]))
            {
                return "it starts or ends with white space";
            }

            if (FindHiddenCharacter(name) is int index)
            {
                return $"it holds a control or format character (U+{(int)name[index]:X4}) at position {index}";
            }

            return null;
        }

        // Control (Cc) and format (Cf: bidi overrides, zero-width) characters make one name look like another. A lone
        // surrogate is no character at all: the store's UTF-8 would silently turn it into U+FFFD.
        private static int? FindHiddenCharacter(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsSurrogatePair(text, i))
                {
                    i++;
                    continue;
                }

                UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(text[i]);
                if (category == UnicodeCategory.Control || category == UnicodeCategory.Format || category == UnicodeCategory.Surrogate)
                {
                    return i;
                }
            }

            return null;
        }

        /// <summary>Whether two account, app or user names are the same: in NFC and without regard to (ASCII) case, as the store's indexes compare them.</summary>
        internal static bool SameName(string left, string right) => string.Equals(NormalizeName(left), NormalizeName(right), StringComparison.OrdinalIgnoreCase);
    }
}
