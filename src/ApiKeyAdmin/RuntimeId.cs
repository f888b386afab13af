using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin
{
    /// <summary>The runtime identifier of the running process, as NuGet names the <c>runtimes/</c> folders.</summary>
    internal static class RuntimeId
    {
        /// <summary>The identifier for this process, such as <c>linux-musl-x64</c> or <c>win-arm64</c>.</summary>
        internal static string Current()
        {
            OSPlatform os = CurrentOS();
            bool musl = os == OSPlatform.Linux && IsMusl(RuntimeIdentifierOfRuntime(), MuslLoaderExists);
            return For(os, RuntimeInformation.ProcessArchitecture, musl);
        }

        /// <summary>Composes an identifier from an OS, a process architecture and, on Linux, the C library.</summary>
        internal static string For(OSPlatform os, Architecture architecture, bool musl)
        {
            string prefix;
            if (os == OSPlatform.Windows)
                prefix = "win";
            else if (os == OSPlatform.OSX)
                prefix = "osx";
            else if (os == OSPlatform.Linux)
                prefix = musl ? "linux-musl" : "linux";
            else
                throw new PlatformNotSupportedException($"ApiKeyAdmin does not support the operating system '{os}'.");

            // Architecture names match the rid suffixes: X64 -> x64, Arm64 -> arm64.
            return prefix + "-" + architecture.ToString().ToLowerInvariant();
        }

        /// <summary>
        /// Whether a Linux process runs on musl, given the rid its .NET reports (null before .NET 5) and a check for
        /// musl's dynamic loader.
        /// </summary>
        internal static bool IsMusl(string runtimeIdentifier, Func<bool> muslLoaderExists)
        {
            // Microsoft's builds report a portable rid, which says it directly.
            if (runtimeIdentifier != null && runtimeIdentifier.StartsWith("linux-", StringComparison.Ordinal))
                return runtimeIdentifier.StartsWith("linux-musl-", StringComparison.Ordinal);

            // Distribution-built .NET reports its own rid (alpine.3.20-x64, ...), so ask the system instead.
            return muslLoaderExists();
        }

        /// <summary>The native library's file name on an OS: <c>e_sqlite3.dll</c>, <c>libe_sqlite3.so</c>, ...</summary>
        internal static string NativeLibraryFileName(OSPlatform os, string libraryName)
        {
            if (os == OSPlatform.Windows)
                return libraryName + ".dll";
            if (os == OSPlatform.OSX)
                return "lib" + libraryName + ".dylib";
            return "lib" + libraryName + ".so";
        }

        /// <summary>The OS of this process: Windows, Linux or OSX.</summary>
        internal static OSPlatform CurrentOS()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return OSPlatform.Windows;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                return OSPlatform.Linux;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
                return OSPlatform.OSX;
            throw new PlatformNotSupportedException(
                $"ApiKeyAdmin does not support the operating system '{RuntimeInformation.OSDescription}'.");
        }

        private static string RuntimeIdentifierOfRuntime()
        {
            // RuntimeInformation.RuntimeIdentifier exists from .NET 5 on; netstandard2.0 cannot name it.
            PropertyInfo property = typeof(RuntimeInformation).GetProperty(
                "RuntimeIdentifier", BindingFlags.Public | BindingFlags.Static);
            return property?.GetValue(null) as string;
        }

        private static bool MuslLoaderExists() =>
            Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any();
    }
}
