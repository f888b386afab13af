using System.Collections.Generic;

namespace ApiKeyAdmin
{
    /// <summary>Which keys to list.</summary>
    public sealed class KeyQuery
    {
        /// <summary>Keys of these accounts; all accounts when null.</summary>
        public IReadOnlyList<string> Accounts { get; set; }

        /// <summary>Only this key.</summary>
        public string KeyId { get; set; }

        /// <summary>Only keys of this kind; every kind when null.</summary>
        public KeyKind? Kind { get; set; }

        /// <summary>Only app tokens of this app; every app when null.</summary>
        public string AppName { get; set; }

        /// <summary>Deactivated keys too, not only the ones that verify.</summary>
        public bool IncludeInactive { get; set; }
    }
}
