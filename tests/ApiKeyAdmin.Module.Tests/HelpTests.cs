using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>
    /// The help users get from Get-Help, read back from the built module, so that docs/help cannot drift from the
    /// cmdlets: what the code declares (parameters and their binding, ErrorIds) must be what the help says.
    /// </summary>
    public class HelpTests
    {
        // Runs in the session, which has the engine's core cmdlets only (no Sort-Object, no Out-String): one line per
        // problem, so a failure lists every gap at once.
        private const string HelpProblemsScript = @"
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters
            $names = @((Get-Module -Name ApiKeyAdmin).ExportedCmdlets.Keys)
            [pscustomobject]@{ Kind = 'Count'; Text = [string]$names.Count }
            foreach ($name in $names) {
                $help = Get-Help -Name $name -Full
                $synopsis = [string]$help.Synopsis
                # Without MAML, Get-Help makes a synopsis from the syntax; real help has its own sentence.
                if ([string]::IsNullOrWhiteSpace($synopsis) -or $synopsis.TrimStart().StartsWith($name)) {
                    [pscustomobject]@{ Kind = 'Problem'; Text = ""${name}: no synopsis"" }
                }
                if ([string]::IsNullOrWhiteSpace((@($help.description) | ForEach-Object Text) -join '')) {
                    [pscustomobject]@{ Kind = 'Problem'; Text = ""${name}: no description"" }
                }
                $examples = @($help.examples.example | Where-Object { -not [string]::IsNullOrWhiteSpace($_.code) })
                if ($examples.Count -lt 2) {
                    [pscustomobject]@{ Kind = 'Problem'; Text = ""${name}: $($examples.Count) examples with code, at least 2 expected"" }
                }
                $documented = @{}
                foreach ($p in @($help.parameters.parameter)) {
                    $documented[[string]$p.name] = [string]((@($p.description) | ForEach-Object Text) -join '')
                }
                foreach ($parameter in (Get-Command -Name $name).Parameters.Keys | Where-Object { $common -notcontains $_ }) {
                    if (-not $documented.ContainsKey($parameter)) {
                        [pscustomobject]@{ Kind = 'Problem'; Text = ""${name}: -$parameter is not in the help"" }
                    }
                    elseif ([string]::IsNullOrWhiteSpace($documented[$parameter])) {
                        [pscustomobject]@{ Kind = 'Problem'; Text = ""${name}: -$parameter has no description"" }
                    }
                }
                foreach ($extra in $documented.Keys | Where-Object { -not (Get-Command -Name $name).Parameters.ContainsKey($_) }) {
                    [pscustomobject]@{ Kind = 'Problem'; Text = ""${name}: the help documents -$extra, which the cmdlet does not have"" }
                }
            }";

        // The binding Get-Help shows for each parameter, against the cmdlet's own metadata, set by set.
        private const string BindingProblemsScript = @"
            function Sorted([string[]] $values) { [Array]::Sort($values, [StringComparer]::OrdinalIgnoreCase); $values -join ', ' }
            function TypeName([type] $type) {
                if ($type -eq [switch]) { return 'SwitchParameter' }
                if ($type.IsArray) { return (TypeName $type.GetElementType()) + '[]' }
                # A nullable parameter ($null clears a setting) is documented by its value type, as Get-Help users read it.
                if ([Nullable]::GetUnderlyingType($type)) { return (TypeName ([Nullable]::GetUnderlyingType($type))) }
                $type.Name
            }
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters
            foreach ($name in (Get-Module -Name ApiKeyAdmin).ExportedCmdlets.Keys) {
                $help = @{}
                foreach ($p in @((Get-Help -Name $name -Full).parameters.parameter)) { $help[[string]$p.name] = $p }
                $command = Get-Command -Name $name
                foreach ($parameter in $command.Parameters.Values | Where-Object { $common -notcontains $_.Name -and $help.ContainsKey($_.Name) }) {
                    $shown = $help[$parameter.Name]
                    $aliases = if ($parameter.Aliases.Count) { Sorted $parameter.Aliases } else { 'none' }
                    $wildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                    $expected = foreach ($set in $parameter.ParameterSets.Values) {
                        $pipeline = @()
                        if ($set.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
                        if ($set.ValueFromPipeline) { $pipeline += 'ByValue' }
                        'type={0} required={1} position={2} pipeline={3} globbing={4} aliases={5}' -f (TypeName $parameter.ParameterType),
                            $set.IsMandatory.ToString().ToLowerInvariant(),
                            $(if ($set.Position -ge 0) { $set.Position } else { 'named' }),
                            $(if ($pipeline) { 'True (' + ($pipeline -join ', ') + ')' } else { 'False' }),
                            $wildcards.ToString().ToLowerInvariant(), $aliases
                    }
                    $actual = 'type={0} required={1} position={2} pipeline={3} globbing={4} aliases={5}' -f $shown.type.name, $shown.required,
                        $shown.position, $shown.pipelineInput, $shown.globbing, (Sorted (([string]$shown.aliases) -split ',\s*'))
                    if ($expected -notcontains $actual) {
                        ""${name} -$($parameter.Name): help says '$actual', the cmdlet '$(@($expected)[0])'""
                    }
                }
            }";

        // How the C# sources name ErrorIds: Fail.cs and the exception classes pass "Id", ErrorKind.X to
        // ApiKeyAdminException; Errors.cs passes "Id", ErrorCategory.X to ErrorRecord. Each ErrorKind becomes the
        // ErrorCategory of the same name (Errors.Category), so the name is the category either way.
        private static readonly Regex SourceErrorId = new Regex(@"""(?<id>[A-Z][A-Za-z]+)"",\s*Error(?:Kind|Category)\.(?<category>[A-Za-z]+)");

        private static readonly Regex DocumentedErrorId = new Regex(@"^\|\s*`(?<id>[A-Za-z]+)`\s*\|\s*(?<category>[A-Za-z]+(?: or [A-Za-z]+)*)\s*\|", RegexOptions.Multiline);

        [Fact]
        public void Every_cmdlet_has_a_synopsis_a_description_two_examples_and_every_parameter_described()
        {
            using var session = new ModuleSession();

            InvocationResult result = session.Invoke(HelpProblemsScript);

            Assert.False(result.HadErrors, result.ToString());
            int checkedCount = int.Parse(Property(result.Output.Single(o => Property(o, "Kind") == "Count"), "Text"));
            string[] problems = result.Output.Where(o => Property(o, "Kind") == "Problem").Select(o => Property(o, "Text")).ToArray();
            Assert.True(checkedCount > 0, "No exported cmdlet was checked.");
            Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void Help_shows_each_parameter_bound_as_the_cmdlet_declares_it()
        {
            using var session = new ModuleSession();

            InvocationResult result = session.Invoke(BindingProblemsScript);

            Assert.False(result.HadErrors, result.ToString());
            string[] problems = result.Output.Select(o => o.BaseObject.ToString()).ToArray();
            Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void Get_Help_about_ApiKeyAdmin_shows_the_about_topic()
        {
            using var session = new ModuleSession();

            InvocationResult result = session.Invoke("Get-Help -Name about_ApiKeyAdmin");

            Assert.False(result.HadErrors, result.ToString());
            string topic = Assert.IsType<string>(Assert.Single(result.Output).BaseObject);
            Assert.StartsWith("TOPIC", topic.TrimStart());
            Assert.Contains("about_ApiKeyAdmin", topic);
            Assert.Contains("SHORT DESCRIPTION", topic);
            Assert.Contains("ERROR IDS", topic);
        }

        [Fact]
        public void Every_ErrorId_in_the_sources_is_listed_in_about_ApiKeyAdmin_with_its_category()
        {
            string src = Path.Combine(Repo.Root, "src");
            var inSources = SourceErrorIds();
            Dictionary<string, string> documented = DocumentedErrorId
                .Matches(File.ReadAllText(Path.Combine(Repo.Root, "docs", "help", "about_ApiKeyAdmin.md")))
                .Where(m => m.Groups["id"].Value != "ErrorId")
                .ToDictionary(m => m.Groups["id"].Value, m => m.Groups["category"].Value);

            // Guards the patterns themselves: Fail.cs alone names more than twenty conditions.
            Assert.True(inSources.Select(e => e.Id).Distinct().Count() >= 25, $"Only {inSources.Count} ErrorIds were found in {src}.");
            Assert.Contains(inSources, e => e.Id == "InvalidTimeRange");
            Assert.Contains(inSources, e => e.Id == "InvalidPathPattern");
            string[] problems = inSources
                // A condition met in two ways may have one category per way, listed as "OpenError or PermissionDenied".
                .Where(e => !documented.TryGetValue(e.Id, out string category) || !category.Split(" or ").Contains(e.Category))
                .Select(e => documented.TryGetValue(e.Id, out string category)
                    ? $"{e.Id} ({e.File}) is {e.Category} in the code but {category} in about_ApiKeyAdmin.md"
                    : $"{e.Id} ({e.File}, {e.Category}) is not in the ErrorId table of about_ApiKeyAdmin.md")
                .Distinct()
                .ToArray();
            Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void Every_ErrorId_is_built_in_Fail_the_core_exception_classes_or_Errors()
        {
            string coreErrors = Path.Combine("src", "ApiKeyAdmin.Core", "Errors") + Path.DirectorySeparatorChar;
            string cmdletErrors = Path.Combine("src", "ApiKeyAdmin", "Errors.cs");

            string[] elsewhere = SourceErrorIds()
                .Where(e => !e.File.StartsWith(coreErrors, StringComparison.Ordinal) && e.File != cmdletErrors)
                .Select(e => $"{e.Id} is built in {e.File}")
                .ToArray();

            Assert.True(elsewhere.Length == 0, string.Join(Environment.NewLine, elsewhere));
        }

        // Every "Id", ErrorKind.X (or ErrorCategory.X) under src/, with the file it is in relative to the repository.
        private static List<(string Id, string Category, string File)> SourceErrorIds() =>
            Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part == "bin" || part == "obj"))
                .SelectMany(f => SourceErrorId.Matches(File.ReadAllText(f)).Select(m => (Id: m.Groups["id"].Value, Category: m.Groups["category"].Value, File: Path.GetRelativePath(Repo.Root, f))))
                .ToList();

        private static string Property(PSObject value, string name) => value.Properties[name]?.Value?.ToString();
    }
}
