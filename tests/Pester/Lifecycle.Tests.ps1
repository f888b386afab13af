#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1') -Force -ErrorAction Stop
    $store = Join-Path $TestDrive 'apikeys.db'
    $PSDefaultParameterValues['*-ApiKey*:StorePath'] = $store
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-ApiKey*:StorePath')
    Remove-Module ApiKeyAdmin -ErrorAction Ignore
}

Describe 'A key''s life in a temporary store' {
    It 'generates a key whose secret is a SecureString' {
        $key = New-ApiKey -Account acme -Description 'CRM sync'
        $key.Secret | Should -BeOfType [securestring]
        $key.Status | Should -Be 'Active'
    }

    It 'refuses a second active key with ActiveKeyExists' {
        { New-ApiKey -Account acme -ErrorAction Stop } | Should -Throw -ErrorId 'ActiveKeyExists,ApiKeyAdmin.Commands.NewApiKeyCommand'
    }

    It 'shows the key again and the key verifies' {
        $script:secret = (Get-ApiKey -Account acme -Reveal -AsPlainText).Secret
        (Test-ApiKey -Key $script:secret -Method GET -Path /contacts).IsValid | Should -BeTrue
    }

    It 'rotates from the pipeline; the old key fails at once' {
        $new = Get-ApiKey -Account acme | Invoke-ApiKeyRotation -Force -AsPlainText
        (Test-ApiKey -Key $script:secret).Reason | Should -Be 'Deactivated'
        (Test-ApiKey -Key $new.Secret).IsValid | Should -BeTrue
        $script:secret = $new.Secret
    }

    It 'deactivates without a replacement' {
        Disable-ApiKey -Account acme -Force
        (Test-ApiKey -Key $script:secret).Reason | Should -Be 'Deactivated'
        Get-ApiKey -Account acme -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    It 'writes logs that Export-Csv turns into clean columns' {
        $csv = Join-Path $TestDrive 'audit.csv'
        Get-ApiKeyAuditLog | Export-Csv -Path $csv -NoTypeInformation
        $rows = Import-Csv -Path $csv
        $rows[0].PSObject.Properties.Name | Should -Be @('Sequence', 'Timestamp', 'Account', 'KeyId', 'Action', 'Actor', 'Detail')
        $rows.Action | Should -Contain 'Rotated'
        $rows.Action | Should -Contain 'Viewed'

        $calls = Join-Path $TestDrive 'calls.csv'
        Get-ApiKeyCallLog | Export-Csv -Path $calls -NoTypeInformation
        (Import-Csv -Path $calls).Outcome | Should -Contain 'Denied'
    }

    It 'keeps an audit chain that verifies' {
        (Test-ApiKeyAuditLog).IsValid | Should -BeTrue
    }
}
