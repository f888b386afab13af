using System.IO;
using System.Linq;
using System.Reflection;

namespace ApiKeyAdmin.Pwsh.Tests
{
    /// <summary>The checkout these tests were built in, as MSBuild knew it.</summary>
    public static class Repo
    {
        /// <summary>The folder that holds ApiKeyAdmin.sln.</summary>
        public static string Root { get; } = Metadata("RepoRoot");

        /// <summary>The configuration the tests, the module and the host were built in.</summary>
        public static string Configuration { get; } = Metadata("Configuration");

        /// <summary>The built module's manifest, the file users import.</summary>
        public static string ManifestPath => Path.Combine(Root, "out", "ApiKeyAdmin", "ApiKeyAdmin.psd1");

        private static string Metadata(string key) =>
            typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value;
    }
}
