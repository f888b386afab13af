using System;
using System.Collections.Generic;

namespace ApiKeyAdmin
{
    /// <summary>Which keys to list.</summary>
    public sealed class KeyQuery
    {
        /// <summary>Keys of these accounts, by exact name (case aside); all accounts when null and no <see cref="AccountMatch"/> is given.</summary>
        public IReadOnlyList<string> Accounts { get; set; }

        /// <summary>Keys of every account this test accepts too, such as a wildcard pattern; an account it finds no key for is no error.</summary>
        public Func<string, bool> AccountMatch { get; set; }

        /// <summary>Only this key.</summary>
        public string KeyId { get; set; }

        /// <summary>Only keys of these kinds; every kind when null.</summary>
        public IReadOnlyList<KeyKind> Kinds { get; set; }

        /// <summary>Only app tokens of this app; every app when null.</summary>
        public string AppName { get; set; }

        /// <summary>Deactivated keys too, not only the ones that verify.</summary>
        public bool IncludeInactive { get; set; }
    }
}
