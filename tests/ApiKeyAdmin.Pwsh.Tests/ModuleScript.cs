using System;
using System.IO;

namespace ApiKeyAdmin.Pwsh.Tests
{
    /// <summary>Scripts that import the built module, with a store of their own, run as files in a fresh pwsh.</summary>
    public static class ModuleScript
    {
        /// <summary>Dot-sources Scripts/New-SampleStore.ps1: one of everything in the store, $acme and $developer.</summary>
        public static string SampleStore { get; } =
            $". {Quote(Path.Combine(AppContext.BaseDirectory, "Scripts", "New-SampleStore.ps1"))}\n";

        /// <summary>
        /// The lines a script starts with: errors stop it, the module is imported from out/ApiKeyAdmin, and every
        /// command uses the folder's store.
        /// </summary>
        public static string Prelude(Scratch folder) =>
            "$ErrorActionPreference = 'Stop'\n" +
            $"Import-Module {Quote(Repo.ManifestPath)}\n" +
            $"$PSDefaultParameterValues['*-ApiKey*:StorePath'] = {Quote(folder.StorePath)}\n";

        /// <summary>Writes the prelude and <paramref name="body"/> to a script and runs it with -File.</summary>
        public static PwshResult Run(Scratch folder, string body) =>
            Pwsh.RunFile(folder, folder.Write($"script-{Guid.NewGuid():N}.ps1", Prelude(folder) + body));

        /// <summary>A PowerShell single-quoted string of <paramref name="text"/>.</summary>
        public static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
    }
}
