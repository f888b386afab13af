using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// The Windows owner check: the file's owner SID against the user SID of the process token. A file made from an
    /// elevated session may be owned by the Administrators group instead of the user; then this says false.
    /// </summary>
    internal sealed class WindowsFileOwner : FileOwner
    {
        private const int FileObject = 1; // SE_FILE_OBJECT
        private const int OwnerInformation = 1; // OWNER_SECURITY_INFORMATION
        private const uint TokenQuery = 0x0008;
        private const int TokenUser = 1;

        /// <inheritdoc/>
        internal override bool IsProcessAccount(string path)
        {
            int failed = GetNamedSecurityInfoW(path, FileObject, OwnerInformation, out IntPtr owner, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, out IntPtr descriptor);
            if (failed != 0)
            {
                throw new Win32Exception(failed);
            }

            try
            {
                if (!OpenProcessToken(GetCurrentProcess(), TokenQuery, out IntPtr token))
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }

                try
                {
                    GetTokenInformation(token, TokenUser, IntPtr.Zero, 0, out int length);
                    IntPtr user = Marshal.AllocHGlobal(length);
                    try
                    {
                        if (!GetTokenInformation(token, TokenUser, user, length, out _))
                        {
                            throw new Win32Exception(Marshal.GetLastWin32Error());
                        }

                        // TOKEN_USER begins with the SID_AND_ATTRIBUTES of the user, whose first field is the SID.
                        return EqualSid(owner, Marshal.ReadIntPtr(user));
                    }
                    finally
                    {
                        Marshal.FreeHGlobal(user);
                    }
                }
                finally
                {
                    CloseHandle(token);
                }
            }
            finally
            {
                LocalFree(descriptor);
            }
        }

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)]
        private static extern int GetNamedSecurityInfoW(string name, int objectType, int information, out IntPtr owner, IntPtr group, IntPtr dacl, IntPtr sacl, out IntPtr descriptor);

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool OpenProcessToken(IntPtr process, uint access, out IntPtr token);

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool GetTokenInformation(IntPtr token, int informationClass, IntPtr information, int length, out int returned);

        [DllImport("advapi32.dll")]
        private static extern bool EqualSid(IntPtr first, IntPtr second);

        [DllImport("kernel32.dll")]
        private static extern IntPtr GetCurrentProcess();

        [DllImport("kernel32.dll")]
        private static extern bool CloseHandle(IntPtr handle);

        [DllImport("kernel32.dll")]
        private static extern IntPtr LocalFree(IntPtr memory);
    }
}
