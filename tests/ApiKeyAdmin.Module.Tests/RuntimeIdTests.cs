using System;
using System.Runtime.InteropServices;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    // RuntimeId.cs is compiled in from src/ApiKeyAdmin (see the csproj), so these tests need no reference to the module.
    public class RuntimeIdTests
    {
        public static TheoryData<string, Architecture, bool, string> Runtimes => new()
        {
            { "WINDOWS", Architecture.X64, false, "win-x64" },
            { "WINDOWS", Architecture.X86, false, "win-x86" },
            { "WINDOWS", Architecture.Arm64, false, "win-arm64" },
            { "LINUX", Architecture.X64, false, "linux-x64" },
            { "LINUX", Architecture.Arm64, false, "linux-arm64" },
            { "LINUX", Architecture.X64, true, "linux-musl-x64" },
            { "LINUX", Architecture.Arm64, true, "linux-musl-arm64" },
            { "OSX", Architecture.X64, false, "osx-x64" },
            { "OSX", Architecture.Arm64, false, "osx-arm64" },
        };

        [Theory]
        [MemberData(nameof(Runtimes))]
        public void For_names_the_rid_of_the_NuGet_runtimes_folder(string os, Architecture architecture, bool musl, string expected)
        {
            Assert.Equal(expected, RuntimeId.For(OSPlatform.Create(os), architecture, musl));
        }

        [Fact]
        public void For_refuses_an_operating_system_without_SQLite_binaries()
        {
            Assert.Throws<PlatformNotSupportedException>(
                () => RuntimeId.For(OSPlatform.Create("FREEBSD"), Architecture.X64, musl: false));
        }

        [Theory]
        [InlineData("linux-musl-x64", false, true)]
        [InlineData("linux-x64", true, false)]
        [InlineData("alpine.3.20-x64", true, true)]
        [InlineData("ubuntu.24.04-x64", false, false)]
        [InlineData(null, true, true)]
        public void IsMusl_trusts_a_portable_rid_and_otherwise_looks_for_musls_loader(
            string runtimeIdentifier, bool loaderExists, bool expected)
        {
            Assert.Equal(expected, RuntimeId.IsMusl(runtimeIdentifier, () => loaderExists));
        }

        [Theory]
        [InlineData("WINDOWS", "e_sqlite3.dll")]
        [InlineData("LINUX", "libe_sqlite3.so")]
        [InlineData("OSX", "libe_sqlite3.dylib")]
        public void NativeLibraryFileName_follows_each_OS_convention(string os, string expected)
        {
            Assert.Equal(expected, RuntimeId.NativeLibraryFileName(OSPlatform.Create(os), "e_sqlite3"));
        }

        [Fact]
        public void Current_agrees_with_the_portable_rid_that_dotnet_reports()
        {
            // Microsoft's .NET builds report a portable rid; a distribution's own build would not, and says nothing.
            string reported = RuntimeInformation.RuntimeIdentifier;
            if (reported.StartsWith("win-") || reported.StartsWith("linux-") || reported.StartsWith("osx-"))
                Assert.Equal(reported, RuntimeId.Current());
            else
                Assert.Matches("^(win|linux|linux-musl|osx)-[a-z0-9]+$", RuntimeId.Current());
        }
    }
}
