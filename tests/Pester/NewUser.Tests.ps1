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

Describe 'What a new user meets first' {
    It 'starts a store show-once with Set-ApiKeyStorePolicy, and the first secret says it is the only time' {
        (Set-ApiKeyStorePolicy -Reveal Never -Force -PassThru).Reveal | Should -Be 'Never'
        $key = New-ApiKey -Account acme -AsPlainText -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -BeLike '*only time*'
        # The default view of a key that carries a plain-text secret shows it, whole, at 80 columns.
        ($key | Out-String -Width 80) | Should -BeLike "*$($key.Secret)*"
        $script:secret = $key.Secret
    }

    It 'lists every kind unless -Kind names some, and takes wildcards in -Account' {
        New-ApiKey -Account acme -Kind Developer -WarningAction SilentlyContinue | Out-Null
        New-ApiKey -Account 'a*' -WarningAction SilentlyContinue | Out-Null
        @(Get-ApiKey -Account acme).Count | Should -Be 2
        @(Get-ApiKey -Kind Developer).Count | Should -Be 1
        @(Get-ApiKey -Account 'a*').Count | Should -Be 3
        (Get-ApiKey -Account 'a`*').Account | Should -BeExactly 'a*'
    }

    It 'runs the README rotation twice within a grace period without an error, skipping the Expiring key' {
        Get-ApiKey -Account acme -Kind Standard | Invoke-ApiKeyRotation -GracePeriod (New-TimeSpan -Days 2) -Force -WarningAction SilentlyContinue | Out-Null
        $second = Get-ApiKey -Account acme -Kind Standard |
            Invoke-ApiKeyRotation -GracePeriod (New-TimeSpan -Days 2) -Force -Verbose -ErrorAction Stop -WarningAction SilentlyContinue 4>&1
        @($second | Where-Object { $_ -is [ApiKeyAdmin.ApiKey] }).Count | Should -Be 1
        @($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Skipped *' }).Count | Should -Be 1
        (Get-ApiKey -Account acme -Kind Standard | Where-Object Status -eq Expiring).RotationState | Should -Be 'Inactive'
    }

    It 'says what -WhatIf would stop, and for how long' {
        # -WhatIf writes to the console itself, past every stream, so a child pwsh's output is read.
        $manifest = Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1'
        $whatIf = & ([Environment]::ProcessPath) -NoProfile -NonInteractive -Command "Import-Module '$manifest'; Invoke-ApiKeyRotation -StorePath '$store' -Account acme -GracePeriod (New-TimeSpan -Days 2) -WhatIf" | Out-String
        $whatIf | Should -Match 'keeps working for 2 days, until \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z'
        $whatIf | Should -Match 'the Expiring key key_\w+ stops working at once'
    }

    It 'shows the store and its key file, and gives its creator an address for reminders' {
        $info = Get-ApiKeyStore
        $info.Engine | Should -Be 'SQLite'
        $info.ProtectionKeyPath | Should -Exist
        $info.Keys | Should -BeGreaterThan 0
        $me = (Get-ApiKeyAdminRole).User
        (Set-ApiKeyAdminRole -User $me -Email ops@example.com -PassThru).Email | Should -Be 'ops@example.com'
        (Get-ApiKeyAuditLog -Action RoleChanged -First 1).Detail | Should -BeLike '*-> ops@example.com'
    }

    It 'counts calls per day without -Interval' {
        Test-ApiKey -Key $script:secret | Out-Null
        $day = Measure-ApiKeyCallLog -ErrorAction Stop
        $day.Interval.TimeOfDay | Should -Be ([TimeSpan]::Zero)
        $day.Total | Should -Be 1
    }
}
