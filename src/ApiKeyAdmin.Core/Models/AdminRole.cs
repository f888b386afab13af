using System;

namespace ApiKeyAdmin
{
    /// <summary>A role held by a user in a store.</summary>
    public sealed class AdminRole
    {
        /// <summary>Creates a role assignment.</summary>
        public AdminRole(string user, string role, string email, DateTimeOffset grantedAt, string grantedBy)
        {
            User = user;
            Role = role;
            Email = email ?? string.Empty;
            GrantedAt = grantedAt;
            GrantedBy = grantedBy;
        }

        /// <summary>The user, as the engine names them (DOMAIN\user on Windows).</summary>
        public string User { get; }

        /// <summary>The role; today only SuperAdmin.</summary>
        public string Role { get; }

        /// <summary>Where rotation reminders for this user go; empty when unknown.</summary>
        public string Email { get; }

        /// <summary>When the role was granted (UTC).</summary>
        public DateTimeOffset GrantedAt { get; }

        /// <summary>Who granted it.</summary>
        public string GrantedBy { get; }

        /// <summary>The row's integrity tag, as the store keeps it; not part of the output.</summary>
        internal byte[] Tag { get; set; }
    }
}
