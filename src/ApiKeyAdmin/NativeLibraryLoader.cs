using System;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Loads a native library by full path so that a later <c>DllImport</c> of its bare name binds to it. One method
    /// per kind of host, because .NET Framework has no NativeLibrary and .NET has no need of kernel32.
    /// </summary>
    internal static class NativeLibraryLoader
    {
        private const uint LoadWithAlteredSearchPath = 0x00000008;

        /// <summary>Whether the running .NET has System.Runtime.InteropServices.NativeLibrary (.NET Core 3.0 and later).</summary>
        internal static bool HasNativeLibrary => NativeLibraryType != null;

        private static Type NativeLibraryType =>
            typeof(object).Assembly.GetType("System.Runtime.InteropServices.NativeLibrary");

        /// <summary>
        /// pwsh on any OS: loads <paramref name="path"/> and makes every <c>DllImport("<paramref name="libraryName"/>")</c>
        /// in <paramref name="importer"/> resolve to it, since the host's deps.json does not list the module's natives.
        /// </summary>
        internal static void LoadForDotNet(string path, Assembly importer, string libraryName)
        {
            Type nativeLibrary = NativeLibraryType;
            var handle = (IntPtr)nativeLibrary.GetMethod("Load", new[] { typeof(string) }).Invoke(null, new object[] { path });

            Type resolverType = typeof(object).Assembly.GetType("System.Runtime.InteropServices.DllImportResolver", throwOnError: true);
            MethodInfo resolve = typeof(Resolver).GetMethod(nameof(Resolver.Resolve));
            Delegate resolver = Delegate.CreateDelegate(resolverType, new Resolver(libraryName, handle), resolve);
            try
            {
                nativeLibrary.GetMethod("SetDllImportResolver").Invoke(null, new object[] { importer, resolver });
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException)
            {
                // Another module that shares this SQLitePCLRaw assembly registered a resolver first; it serves the
                // same library name, so its resolver stands.
            }
        }

        /// <summary>
        /// Windows PowerShell 5.1 (.NET Framework, Windows only): loads <paramref name="path"/> into the process so that
        /// the loader finds the already loaded module when a <c>DllImport</c> asks for it by bare name.
        /// </summary>
        internal static void LoadForWindowsPowerShell(string path)
        {
            if (LoadLibraryEx(path, IntPtr.Zero, LoadWithAlteredSearchPath) == IntPtr.Zero)
            {
                throw new DllNotFoundException(
                    $"Could not load '{path}'.", new Win32Exception(Marshal.GetLastWin32Error()));
            }
        }

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibraryEx(string fileName, IntPtr reserved, uint flags);

        private sealed class Resolver
        {
            private readonly string libraryName;
            private readonly IntPtr handle;

            public Resolver(string libraryName, IntPtr handle)
            {
                this.libraryName = libraryName;
                this.handle = handle;
            }

            // Matches System.Runtime.InteropServices.DllImportResolver; IntPtr.Zero falls back to the default probing.
            public IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
                name == libraryName ? handle : IntPtr.Zero;
        }
    }
}
