using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>
    /// The package that build.ps1 -Task Package writes, packed here the way it packs (dotnet pack src/ApiKeyAdmin,
    /// without building again) into a folder of its own: the module folder at the package root as PSResourceGet
    /// installs it, and the built manifest's metadata with the tags the Gallery derives from it.
    /// </summary>
    public sealed class PackageTests : IClassFixture<PackageTests.PackedModule>
    {
        private readonly PackedModule packed;

        public PackageTests(PackedModule packed)
        {
            this.packed = packed;
        }

        [Fact]
        public void The_package_holds_the_module_folder_at_its_root_and_only_NuGet_own_parts_beside_it()
        {
            string[] moduleFiles = Directory.EnumerateFiles(Repo.ModuleDirectory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Repo.ModuleDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
                .ToArray();
            string[] nugetParts = packed.Entries.Except(moduleFiles).ToArray();

            Assert.Contains("ApiKeyAdmin.psd1", packed.Entries);
            Assert.Contains("ApiKeyAdmin.dll", packed.Entries);
            Assert.Empty(moduleFiles.Except(packed.Entries));
            Assert.DoesNotContain(packed.Entries, e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));
            // NuGet's own: the nuspec, the two parts of the Open Packaging format and its core properties.
            Assert.Equal(
                new[] { "ApiKeyAdmin.nuspec", "[Content_Types].xml", "_rels/.rels" },
                nugetParts.Where(e => !e.EndsWith(".psmdcp", StringComparison.Ordinal)).OrderBy(e => e, StringComparer.Ordinal));
            Assert.Single(nugetParts, e => e.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal));
        }

        [Fact]
        public void The_nuspec_carries_the_manifest_metadata_and_the_Gallery_tags_of_every_exported_cmdlet()
        {
            Hashtable manifest = Repo.ReadManifest();
            var psData = (Hashtable)((Hashtable)manifest["PrivateData"])["PSData"];
            string[] cmdlets = ((object[])manifest["CmdletsToExport"]).Cast<string>().ToArray();
            string[] expectedTags = new[] { "PSModule" }
                .Concat(((object[])psData["Tags"]).Cast<string>())
                .Concat(new[] { "PSIncludes_Cmdlet" })
                .Concat(cmdlets.Select(c => "PSCmdlet_" + c))
                .Concat(cmdlets.Select(c => "PSCommand_" + c))
                .ToArray();

            Assert.Equal("ApiKeyAdmin", packed.Metadata("id"));
            Assert.Equal(Repo.ModuleVersion.ToString(), packed.Metadata("version"));
            Assert.Equal((string)manifest["Author"], packed.Metadata("authors"));
            Assert.Equal((string)manifest["CompanyName"], packed.Metadata("owners"));
            Assert.Equal((string)manifest["Copyright"], packed.Metadata("copyright"));
            Assert.Equal((string)manifest["Description"], packed.Metadata("description"));
            Assert.Equal((string)psData["ReleaseNotes"], packed.Metadata("releaseNotes"));
            Assert.Equal("MIT", packed.Metadata("license"));
            Assert.Equal("expression", packed.MetadataElement("license").Attribute("type")?.Value);
            Assert.Null(packed.MetadataElement("dependencies"));
            Assert.Equal(expectedTags, packed.Metadata("tags").Split(' '));
        }

        /// <summary>Packs the built module once for the class, into a temporary folder that goes with it.</summary>
        public sealed class PackedModule : IDisposable
        {
            private readonly string folder = Path.Combine(Path.GetTempPath(), "apikeyadmin-pack-" + Guid.NewGuid().ToString("N"));
            private readonly XElement metadata;

            public PackedModule()
            {
                Directory.CreateDirectory(folder);
                string project = Path.Combine(Repo.Root, "src", "ApiKeyAdmin", "ApiKeyAdmin.csproj");
                // The test binaries' configuration (bin/<Configuration>/<framework>/), which built the module too.
                string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent.Name;
                RunDotnet("pack", project, "-c", configuration, "--no-build", "--nologo", "-o", folder);

                string package = Path.Combine(folder, $"ApiKeyAdmin.{Repo.ModuleVersion}.nupkg");
                using (ZipArchive zip = ZipFile.OpenRead(package))
                {
                    Entries = zip.Entries.Where(e => !e.FullName.EndsWith("/", StringComparison.Ordinal)).Select(e => e.FullName).ToArray();
                    using (Stream nuspec = zip.GetEntry("ApiKeyAdmin.nuspec").Open())
                    {
                        metadata = XDocument.Load(nuspec).Root.Elements().Single(e => e.Name.LocalName == "metadata");
                    }
                }
            }

            /// <summary>The package's file names, with forward slashes.</summary>
            public string[] Entries { get; }

            /// <summary>A metadata element of the nuspec, or null; its namespace is whichever schema NuGet chose.</summary>
            public XElement MetadataElement(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

            /// <summary>The text of a metadata element of the nuspec.</summary>
            public string Metadata(string name) => MetadataElement(name)?.Value;

            public void Dispose() => Directory.Delete(folder, recursive: true);

            private static void RunDotnet(params string[] arguments)
            {
                string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
                var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (string argument in arguments)
                {
                    start.ArgumentList.Add(argument);
                }

                using (Process process = Process.Start(start))
                {
                    var stderr = process.StandardError.ReadToEndAsync();
                    string stdout = process.StandardOutput.ReadToEnd();
                    Assert.True(process.WaitForExit(120_000), "dotnet pack did not finish within 2 minutes.");
                    Assert.True(process.ExitCode == 0, $"dotnet {string.Join(" ", arguments)} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
                }
            }
        }
    }
}
