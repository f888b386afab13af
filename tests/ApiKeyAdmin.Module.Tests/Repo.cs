using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using System.Xml.Linq;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>Paths and facts of the repository the tests run from.</summary>
    public static class Repo
    {
        /// <summary>The folder that holds ApiKeyAdmin.sln, found by walking up from the test binaries.</summary>
        public static string Root { get; } = FindRoot();

        /// <summary>The folder that <c>dotnet build</c> lays the importable module out in.</summary>
        public static string ModuleDirectory => Path.Combine(Root, "out", "ApiKeyAdmin");

        /// <summary>The built module's manifest, the file users import.</summary>
        public static string ManifestPath => Path.Combine(ModuleDirectory, "ApiKeyAdmin.psd1");

        /// <summary>The module version, from its one source: ApiKeyAdminVersion in Directory.Build.props.</summary>
        public static Version ModuleVersion { get; } = ReadVersion();

        /// <summary>The built manifest's data, read as Import-PowerShellDataFile reads it (without running it).</summary>
        public static Hashtable ReadManifest()
        {
            ScriptBlockAst ast = Parser.ParseFile(ManifestPath, out _, out _);
            return (Hashtable)ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false).SafeGetValue();
        }

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ApiKeyAdmin.sln")))
                    return dir.FullName;
            }

            throw new InvalidOperationException($"No ApiKeyAdmin.sln above '{AppContext.BaseDirectory}'.");
        }

        private static Version ReadVersion()
        {
            XDocument props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
            return Version.Parse(props.Descendants("ApiKeyAdminVersion").Single().Value);
        }
    }
}
