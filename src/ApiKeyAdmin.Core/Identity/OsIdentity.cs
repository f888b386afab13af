using System;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin.Identity
{
    /// <summary>The operating-system user running the process: DOMAIN\user on Windows, the login name elsewhere.</summary>
    public sealed class OsIdentity : IIdentityProvider
    {
        /// <summary>The one instance.</summary>
        public static readonly OsIdentity Instance = new OsIdentity();

        private OsIdentity()
        {
        }

        /// <inheritdoc/>
        public string CurrentUser => RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? Environment.UserDomainName + "\\" + Environment.UserName
            : Environment.UserName;
    }
}
