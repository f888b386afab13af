<#
.SYNOPSIS
    Builds, tests, packages or cleans the ApiKeyAdmin module.

.DESCRIPTION
    A thin wrapper over dotnet. 'dotnet build' lays out the importable module in out/ApiKeyAdmin (an MSBuild target
    in src/ApiKeyAdmin); this script never assembles the module another way.

    Build    dotnet build ApiKeyAdmin.sln.
    Test     Build, then dotnet test (which runs the Pester suites too, in the pwsh 7.6 that the build makes from
             NuGet in tests/ApiKeyAdmin.PwshHost), then the Pester tests in tests/Pester once more in each edition
             there is, a child process each so that the module is loaded fresh: the pwsh on PATH (or, where none is
             installed, that same NuGet pwsh) and, where it exists, Windows PowerShell. Pester is the one the build
             lays out beside the NuGet pwsh, imported by path; no installed Pester is needed.
    Package  Build, then dotnet pack src/ApiKeyAdmin, which writes out/ApiKeyAdmin.<version>.nupkg: the module folder
             at the package root, as Install-PSResource accepts it from a local folder repository, with the manifest's
             metadata and the Gallery's tags. Needs neither network nor PSResourceGet.
    Clean    dotnet clean, then removes out/.

    The version comes from ApiKeyAdminVersion in Directory.Build.props and nowhere else. The script stops at the first
    failure.

.PARAMETER Task
    What to do: Build (the default), Test, Package or Clean.

.PARAMETER Configuration
    The dotnet build configuration: Release (the default) or Debug.

.EXAMPLE
    ./build.ps1

    Builds the solution in Release and lays out out/ApiKeyAdmin, ready for Import-Module ./out/ApiKeyAdmin.

.EXAMPLE
    ./build.ps1 -Task Test -Verbose

    Builds, runs the xunit tests and then the Pester tests in a fresh pwsh (and in Windows PowerShell on Windows).
    Without an installed pwsh, after a first dotnet build -c Release:
    tests/ApiKeyAdmin.PwshHost/bin/Release/net10.0/pwsh ./build.ps1 -Task Test

.EXAMPLE
    ./build.ps1 -Task Package
    Register-PSResourceRepository -Name ApiKeyAdminLocal -Uri ./out -Trusted
    Install-PSResource -Name ApiKeyAdmin -Repository ApiKeyAdminLocal

    Writes out/ApiKeyAdmin.<version>.nupkg and installs it from the out folder as from a gallery.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$solution = Join-Path $PSScriptRoot 'ApiKeyAdmin.sln'
$outDirectory = Join-Path $PSScriptRoot 'out'
$pesterDirectory = Join-Path (Join-Path $PSScriptRoot 'tests') 'Pester'

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw -Path (Join-Path $PSScriptRoot 'Directory.Build.props'))
    $props.SelectSingleNode('//ApiKeyAdminVersion').InnerText
}

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Arguments)

    Write-Verbose "dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    Invoke-Dotnet -Arguments @('build', $solution, '-c', $Configuration, '--nologo')
}

function Invoke-PesterInChildProcess {
    param(
        [Parameter(Mandatory)] [string] $Executable,
        [Parameter(Mandatory)] [string] $PesterManifest
    )

    # One line without double quotes, so that it reaches the child intact through either edition's argument passing
    # (-EncodedCommand would too, but makes the child write its host output as CLIXML). Single quotes are doubled.
    $path = $pesterDirectory -replace "'", "''"
    $pester = $PesterManifest -replace "'", "''"
    $command = @(
        '$ErrorActionPreference = ''Stop'''
        "Import-Module -Name '$pester'"
        '$configuration = New-PesterConfiguration'
        "`$configuration.Run.Path = '$path'"
        '$configuration.Run.Exit = $true'
        '$configuration.Output.Verbosity = ''Detailed'''
        'Invoke-Pester -Configuration $configuration'
    ) -join '; '
    Write-Verbose "Pester in $Executable"
    & $Executable -NoProfile -NonInteractive -Command $command
    if ($LASTEXITCODE -ne 0) {
        throw "Pester tests failed in $Executable (exit code $LASTEXITCODE)."
    }
}

function Invoke-TestTask {
    Invoke-BuildTask
    Invoke-Dotnet -Arguments @('test', $solution, '-c', $Configuration, '--no-build', '--nologo', '-m:1')

    if (-not (Test-Path -Path $pesterDirectory)) {
        Write-Warning "No Pester tests at $pesterDirectory."
        return
    }

    # The build lays out a pwsh 7.6 from NuGet, and Pester beside it, for machines that have neither.
    $nugetHost = [IO.Path]::Combine($PSScriptRoot, 'tests', 'ApiKeyAdmin.PwshHost', 'bin', $Configuration, 'net10.0')
    $pesterManifest = [IO.Path]::Combine($nugetHost, 'Pester', 'Pester.psd1')
    $installed = Get-Command -Name 'pwsh' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $hostName = if ([Environment]::OSVersion.Platform -eq 'Win32NT') { 'pwsh.exe' } else { 'pwsh' }
    $pwsh = if ($installed) { $installed.Source } else { Join-Path $nugetHost $hostName }
    Invoke-PesterInChildProcess -Executable $pwsh -PesterManifest $pesterManifest
    $windowsPowerShell = Get-Command -Name 'powershell.exe' -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if ($windowsPowerShell) {
        Invoke-PesterInChildProcess -Executable $windowsPowerShell.Source -PesterManifest $pesterManifest
    }
}

function Invoke-PackageTask {
    Invoke-BuildTask

    # src/ApiKeyAdmin/ApiKeyAdmin.nuspec describes the package; its metadata comes from the laid-out manifest.
    $project = Join-Path (Join-Path (Join-Path $PSScriptRoot 'src') 'ApiKeyAdmin') 'ApiKeyAdmin.csproj'
    Invoke-Dotnet -Arguments @('pack', $project, '-c', $Configuration, '--no-build', '--nologo')

    $package = Join-Path $outDirectory "ApiKeyAdmin.$(Get-ModuleVersion).nupkg"
    Write-Information "Package: $package"
    Get-Item -Path $package
}

function Invoke-CleanTask {
    Invoke-Dotnet -Arguments @('clean', $solution, '-c', $Configuration, '--nologo')
    if (Test-Path -Path $outDirectory) {
        Remove-Item -Path $outDirectory -Recurse -Force
    }
}

Write-Verbose "$Task ($Configuration), version $(Get-ModuleVersion)"
switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Package' { Invoke-PackageTask }
    'Clean' { Invoke-CleanTask }
}
