using System;

namespace ApiKeyAdmin
{
    /// <summary>The roles a store knows.</summary>
    public static class Roles
    {
        /// <summary>May generate, show, rotate and deactivate keys, read the logs and manage roles.</summary>
        public const string SuperAdmin = "SuperAdmin";

        /// <summary>Every role name, for validation and completion.</summary>
        public static readonly string[] All = { SuperAdmin };

        /// <summary>The canonical spelling of a role name, or null when there is no such role.</summary>
        public static string Canonical(string role) =>
            Array.Find(All, r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
    }
}
