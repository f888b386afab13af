using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// DPAPI (CurrentUser scope) through crypt32 directly, so the module needs no extra assembly that could clash with
    /// the one a PowerShell edition ships. Windows only; CI here does not exercise it.
    /// </summary>
    internal static class WindowsDataProtection
    {
        private const int UiForbidden = 0x1;

        internal static byte[] Protect(byte[] data) => Transform(data, protect: true);

        internal static byte[] Unprotect(byte[] data) => Transform(data, protect: false);

        private static byte[] Transform(byte[] data, bool protect)
        {
            var input = new DataBlob();
            var output = new DataBlob();
            GCHandle pin = GCHandle.Alloc(data, GCHandleType.Pinned);
            try
            {
                input.Size = data.Length;
                input.Data = pin.AddrOfPinnedObject();
                bool ok = protect
                    ? CryptProtectData(ref input, "ApiKeyAdmin", IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output)
                    : CryptUnprotectData(ref input, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, UiForbidden, ref output);
                if (!ok)
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }

                var result = new byte[output.Size];
                Marshal.Copy(output.Data, result, 0, output.Size);
                return result;
            }
            finally
            {
                pin.Free();
                if (output.Data != IntPtr.Zero)
                {
                    LocalFree(output.Data);
                }
            }
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct DataBlob
        {
            public int Size;
            public IntPtr Data;
        }

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptProtectData(ref DataBlob dataIn, string description, IntPtr entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptUnprotectData(ref DataBlob dataIn, IntPtr description, IntPtr entropy, IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("kernel32.dll")]
        private static extern IntPtr LocalFree(IntPtr memory);
    }
}
