using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    public class ModuleImportTests
    {
        [Fact]
        public void Built_manifest_passes_Test_ModuleManifest_with_the_version_of_Directory_Build_props()
        {
            using var session = new ModuleSession();

            InvocationResult result = session.Invoke(
                "param($Path) Test-ModuleManifest -Path $Path", new Hashtable { ["Path"] = Repo.ManifestPath });

            Assert.False(result.HadErrors, result.ToString());
            var manifest = (PSModuleInfo)Assert.Single(result.Output).BaseObject;
            Assert.Equal(Repo.ModuleVersion, manifest.Version);
            Assert.Equal(new[] { "Core", "Desktop" }, manifest.CompatiblePSEditions.OrderBy(e => e));
        }

        [Fact]
        public void Module_imports_from_out_with_the_version_of_Directory_Build_props()
        {
            using var session = new ModuleSession();

            InvocationResult result = session.Invoke("Get-Module -Name ApiKeyAdmin");

            var module = (PSModuleInfo)Assert.Single(result.Output).BaseObject;
            Assert.Equal(Repo.ModuleVersion, module.Version);
            Assert.Equal(Repo.ModuleDirectory, module.ModuleBase.TrimEnd('/', '\\'));
            Assert.Equal(ModuleType.Binary, module.ModuleType);
        }

        [Fact]
        public void Module_exports_exactly_the_manifest_cmdlets_that_its_assembly_defines()
        {
            using var session = new ModuleSession();
            string[] listed = ManifestCmdlets();

            InvocationResult result = session.Invoke(@"
                $module = Get-Module -Name ApiKeyAdmin
                $defined = $module.ImplementingAssembly.GetExportedTypes() |
                    ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                    ForEach-Object { '{0}-{1}' -f $_.VerbName, $_.NounName }
                [pscustomobject]@{ Defined = [string[]]@($defined); Exported = [string[]]@($module.ExportedCmdlets.Keys) }");

            Assert.False(result.HadErrors, result.ToString());
            PSObject sets = Assert.Single(result.Output);
            string[] defined = (string[])sets.Properties["Defined"].Value;
            string[] exported = (string[])sets.Properties["Exported"].Value;
            Assert.Empty(defined.Except(listed, StringComparer.OrdinalIgnoreCase));
            Assert.Equal(
                listed.Intersect(defined, StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.OrdinalIgnoreCase),
                exported.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
        }

        [Fact]
        public void Importing_the_module_makes_its_SQLite_usable_in_a_host_that_ships_none()
        {
            using var session = new ModuleSession();

            // The module's own Microsoft.Data.Sqlite, driven directly: it works only if ModuleInit loaded e_sqlite3
            // from out/ApiKeyAdmin/runtimes/<rid>/native, since this test process has no SQLite of its own.
            InvocationResult result = session.Invoke(@"
                $base = (Get-Module -Name ApiKeyAdmin).ModuleBase
                $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($base, 'Microsoft.Data.Sqlite.dll'))
                $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new('Data Source=:memory:')
                try {
                    $connection.Open()
                    $command = $connection.CreateCommand()
                    $command.CommandText = 'select sqlite_version()'
                    $command.ExecuteScalar()
                }
                finally { $connection.Dispose() }");

            Assert.False(result.HadErrors, result.ToString());
            Assert.Matches(@"^3\.\d+\.\d+$", (string)Assert.Single(result.Output).BaseObject);
        }

        private static string[] ManifestCmdlets()
        {
            return ((object[])Repo.ReadManifest()["CmdletsToExport"]).Cast<string>().ToArray();
        }
    }
}
