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
    Package  Build, then writes out/ApiKeyAdmin.<version>.nupkg, a package that Install-PSResource accepts from a local
             folder repository. Needs neither network nor PSResourceGet.
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
$moduleDirectory = Join-Path $outDirectory 'ApiKeyAdmin'
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
    Invoke-Dotnet -Arguments @('test', $solution, '-c', $Configuration, '--no-build', '--nologo')

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

function Get-XmlPayload {
    param([Parameter(Mandatory)] [scriptblock] $Write)

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $stream = [System.IO.MemoryStream]::new()
    $writer = [System.Xml.XmlWriter]::Create($stream, $settings)
    try {
        & $Write $writer
        $writer.Flush()
    }
    finally {
        $writer.Dispose()
    }
    # One byte[] object, not a pipeline of bytes.
    Write-Output -NoEnumerate -InputObject $stream.ToArray()
}

function Add-ZipEntry {
    param(
        [Parameter(Mandatory)] [System.IO.Compression.ZipArchive] $Archive,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [byte[]] $Bytes
    )

    $entryStream = $Archive.CreateEntry($Name).Open()
    try {
        $entryStream.Write($Bytes, 0, $Bytes.Length)
    }
    finally {
        $entryStream.Dispose()
    }
}

function Invoke-PackageTask {
    Invoke-BuildTask

    $version = Get-ModuleVersion
    $manifest = Import-PowerShellDataFile -Path (Join-Path $moduleDirectory 'ApiKeyAdmin.psd1')
    if ($manifest.ModuleVersion -ne $version) {
        throw "out/ApiKeyAdmin/ApiKeyAdmin.psd1 has ModuleVersion $($manifest.ModuleVersion), Directory.Build.props $version."
    }

    # The tags the Gallery itself derives from a module on publish.
    $psData = $manifest.PrivateData.PSData
    $cmdlets = @($manifest.CmdletsToExport)
    $tags = @('PSModule') + @($psData.Tags)
    if ($cmdlets.Count -gt 0) {
        $tags += 'PSIncludes_Cmdlet'
        $tags += $cmdlets | ForEach-Object { "PSCmdlet_$_" }
        $tags += $cmdlets | ForEach-Object { "PSCommand_$_" }
    }

    $nuspec = Get-XmlPayload -Write {
        param($xml)
        $ns = 'http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd'
        $xml.WriteStartElement('package', $ns)
        $xml.WriteStartElement('metadata', $ns)
        $xml.WriteElementString('id', $ns, 'ApiKeyAdmin')
        $xml.WriteElementString('version', $ns, $version)
        $xml.WriteElementString('authors', $ns, $manifest.Author)
        $xml.WriteElementString('owners', $ns, $manifest.CompanyName)
        $xml.WriteElementString('requireLicenseAcceptance', $ns, 'false')
        $xml.WriteStartElement('license', $ns)
        $xml.WriteAttributeString('type', 'expression')
        $xml.WriteString('MIT')
        $xml.WriteEndElement()
        $xml.WriteElementString('description', $ns, $manifest.Description)
        $xml.WriteElementString('releaseNotes', $ns, $psData.ReleaseNotes)
        $xml.WriteElementString('copyright', $ns, $manifest.Copyright)
        $xml.WriteElementString('tags', $ns, ($tags -join ' '))
        $xml.WriteEndElement()
        $xml.WriteEndElement()
    }

    $files = @(Get-ChildItem -Path $moduleDirectory -File -Recurse)
    $extensions = @('rels', 'nuspec') + @($files | ForEach-Object { $_.Extension.TrimStart('.') }) |
        Where-Object { $_ } | Sort-Object -Unique
    $contentTypes = Get-XmlPayload -Write {
        param($xml)
        $ns = 'http://schemas.openxmlformats.org/package/2006/content-types'
        $xml.WriteStartElement('Types', $ns)
        foreach ($extension in $extensions) {
            $xml.WriteStartElement('Default', $ns)
            $xml.WriteAttributeString('Extension', $extension)
            $contentType = if ($extension -eq 'rels') { 'application/vnd.openxmlformats-package.relationships+xml' } else { 'application/octet' }
            $xml.WriteAttributeString('ContentType', $contentType)
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()
    }
    $relationships = Get-XmlPayload -Write {
        param($xml)
        $ns = 'http://schemas.openxmlformats.org/package/2006/relationships'
        $xml.WriteStartElement('Relationships', $ns)
        $xml.WriteStartElement('Relationship', $ns)
        $xml.WriteAttributeString('Type', 'http://schemas.microsoft.com/packaging/2010/07/manifest')
        $xml.WriteAttributeString('Target', '/ApiKeyAdmin.nuspec')
        $xml.WriteAttributeString('Id', 'R0')
        $xml.WriteEndElement()
        $xml.WriteEndElement()
    }

    $package = Join-Path $outDirectory "ApiKeyAdmin.$version.nupkg"
    if (Test-Path -Path $package) {
        Remove-Item -Path $package -Force
    }
    $moduleRoot = (Resolve-Path -Path $moduleDirectory).ProviderPath.TrimEnd('\', '/')
    $archive = [System.IO.Compression.ZipFile]::Open($package, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        Add-ZipEntry -Archive $archive -Name 'ApiKeyAdmin.nuspec' -Bytes $nuspec
        Add-ZipEntry -Archive $archive -Name '[Content_Types].xml' -Bytes $contentTypes
        Add-ZipEntry -Archive $archive -Name '_rels/.rels' -Bytes $relationships
        foreach ($file in $files) {
            # Zip entry names use forward slashes on every OS.
            $name = $file.FullName.Substring($moduleRoot.Length + 1).Replace('\', '/')
            $null = [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($archive, $file.FullName, $name)
        }
    }
    finally {
        $archive.Dispose()
    }

    Write-Information "Package: $package"
    Get-Item -Path $package
}

function Invoke-CleanTask {
    Invoke-Dotnet -Arguments @('clean', $solution, '-c', $Configuration, '--nologo')
    if (Test-Path -Path $outDirectory) {
        Remove-Item -Path $outDirectory -Recurse -Force
    }
}

# Windows PowerShell does not load the zip types by itself.
Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

Write-Verbose "$Task ($Configuration), version $(Get-ModuleVersion)"
switch ($Task) {
    'Build' { Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Package' { Invoke-PackageTask }
    'Clean' { Invoke-CleanTask }
}
