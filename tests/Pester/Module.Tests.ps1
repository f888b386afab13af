#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeDiscovery {
    $manifestPath = Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1'
    $commandNames = (Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport
}

BeforeAll {
    $manifestPath = Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1'
    Import-Module $manifestPath -Force -ErrorAction Stop
}

AfterAll {
    Remove-Module ApiKeyAdmin -ErrorAction Ignore
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'is for both editions from Windows PowerShell 5.1 on' {
        $manifest = Test-ModuleManifest -Path $manifestPath
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
    }

    It 'exports exactly the cmdlets it lists, never a wildcard' {
        $listed = (Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport
        $listed | Should -Not -Contain '*'
        (Get-Command -Module ApiKeyAdmin).Name | Sort-Object | Should -Be ($listed | Sort-Object)
    }
}

Describe 'Help for <_>' -ForEach $commandNames {
    BeforeAll {
        $help = Get-Help -Name $_ -Full
        $command = Get-Command -Name $_
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\w+-\w+\s'
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }

    It 'documents every parameter' {
        foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $parameterHelp = $help.Parameters.Parameter | Where-Object Name -eq $name
            ($parameterHelp.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }
}
