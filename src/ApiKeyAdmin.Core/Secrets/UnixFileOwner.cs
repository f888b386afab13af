using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// The Unix owner check: the file's uid against the process's effective uid. netstandard2.0 has no stat, and the
    /// layout of libc's struct stat differs per architecture, so the file is read with the .NET runtime's own
    /// SystemNative_Stat, whose FileStatus begins with Flags, Mode, Uid and Gid (32 bits each) on every platform.
    /// </summary>
    internal sealed class UnixFileOwner : FileOwner
    {
        // Larger than FileStatus in any runtime version, so that a later one with more fields never writes past it.
        private const int StatusSize = 512;
        private const int UidOffset = 8;

        /// <inheritdoc/>
        internal override bool IsProcessAccount(string path)
        {
            IntPtr status = Marshal.AllocHGlobal(StatusSize);
            try
            {
                // A NUL-terminated UTF-8 path, by hand: netstandard2.0 has no UTF-8 string marshalling.
                if (Stat(Encoding.UTF8.GetBytes(path + "\0"), status) != 0)
                {
                    throw new IOException($"The owner of '{path}' cannot be read (errno {Marshal.GetLastWin32Error()}).");
                }

                return unchecked((uint)Marshal.ReadInt32(status, UidOffset)) == geteuid();
            }
            finally
            {
                Marshal.FreeHGlobal(status);
            }
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int Stat(byte[] path, IntPtr status);

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
