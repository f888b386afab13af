using System.Runtime.InteropServices;
using Xunit;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>A fact about Unix file modes; reported skipped on Windows, where the module relies on profile ACLs instead.</summary>
    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Skip = "Mode bits are Unix only; on Windows the per-user profile folders' ACLs keep the files private.";
            }
        }
    }
}
