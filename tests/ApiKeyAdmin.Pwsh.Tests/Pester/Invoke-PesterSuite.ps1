<#
.SYNOPSIS
    Runs Pester suites (or only discovers their tests) and writes one JSON file with every test's name and result.

.DESCRIPTION
    The xunit tests in PesterSuiteTests start this in a fresh pwsh: once over every suite with -Discover to learn the
    tests, then once per suite file to run it. A test is known by its file and its place in the file (Index), which
    are the same in discovery and run; Path is its Describe, Context and It names as written, joined by dots, and Name
    the same with the <templates> filled in (by Pester in a run; from the -ForEach data of its blocks in discovery,
    where Pester fills in none). Failures outside a test (a BeforeAll that throws, a file that does not parse) are
    listed under Failures.

.PARAMETER Pester
    The manifest of the Pester module to import.

.PARAMETER Path
    A suite file, or a folder of them.

.PARAMETER ResultPath
    Where to write the JSON.

.PARAMETER Discover
    Only discover the tests; run none.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Pester,
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $ResultPath,
    [switch] $Discover
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $Pester

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Run.SkipRun = $Discover.IsPresent
$configuration.Output.Verbosity = 'None'
$run = Invoke-Pester -Configuration $configuration

function Get-ErrorText {
    param([object[]] $ErrorRecord)

    # Pester adds the message and stack trace it prints itself; an error it did not format keeps its own message.
    @($ErrorRecord | ForEach-Object {
            $message = if ($_.PSObject.Properties['DisplayErrorMessage']) { $_.DisplayErrorMessage } else { $_.Exception.Message }
            $trace = if ($_.PSObject.Properties['DisplayStackTrace']) { $_.DisplayStackTrace } else { $_.ScriptStackTrace }
            "$message`n$trace"
        }) -join "`n"
}

function Expand-Template {
    param([string] $Name, [object] $Data)

    if ($Data -is [System.Collections.IDictionary]) {
        foreach ($key in $Data.Keys) {
            $Name = $Name.Replace("<$key>", "$($Data[$key])")
        }
        return $Name
    }
    if ($null -ne $Data) {
        return $Name.Replace('<_>', "$Data")
    }
    $Name
}

function Get-DiscoveredName {
    param([object] $Test)

    # A name sees the data of its own block or test and of every block around it, the innermost first.
    $levels = @($Test)
    for ($block = $Test.Block; $block -and -not $block.IsRoot; $block = $block.Parent) {
        $levels += $block
    }
    $names = for ($level = $levels.Count - 1; $level -ge 0; $level--) {
        $name = $levels[$level].Name
        for ($outer = $level; $outer -lt $levels.Count; $outer++) {
            $name = Expand-Template -Name $name -Data $levels[$outer].Data
        }
        $name
    }
    $names -join '.'
}

$index = @{}
$tests = foreach ($test in $run.Tests) {
    $file = Split-Path -Path $test.ScriptBlock.File -Leaf
    $index[$file] = 1 + [int] $index[$file]
    [ordered] @{
        File    = $file
        Index   = $index[$file]
        Path    = $test.Path -join '.'
        Name    = if ($Discover) { Get-DiscoveredName -Test $test } else { $test.ExpandedPath }
        Result  = "$($test.Result)"
        Message = Get-ErrorText -ErrorRecord $test.ErrorRecord
    }
}

$failures = @(
    foreach ($block in $run.FailedBlocks) {
        "$($block.ExpandedPath) in $(Split-Path -Path $block.ScriptBlock.File -Leaf): $(Get-ErrorText -ErrorRecord $block.ErrorRecord)"
    }
    foreach ($container in $run.FailedContainers) {
        "$($container.Item): $(Get-ErrorText -ErrorRecord $container.ErrorRecord)"
    }
)

[ordered] @{ Tests = @($tests); Failures = $failures } | ConvertTo-Json -Depth 4 | Set-Content -Path $ResultPath -Encoding utf8
