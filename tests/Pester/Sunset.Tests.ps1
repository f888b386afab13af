#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1') -Force -ErrorAction Stop
    $store = Join-Path $TestDrive 'apikeys.db'
    $PSDefaultParameterValues['*-ApiKey*:StorePath'] = $store
    $runbook = Join-Path $PSScriptRoot '../../docs/examples/migrate-to-app-tokens.ps1'
    $manifest = Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1'
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-ApiKey*:StorePath')
    Remove-Module ApiKeyAdmin -ErrorAction Ignore
}

Describe 'The move from standard keys to app tokens' {
    It 'issues a scoped app token that Test-ApiKey checks against required scopes' {
        $script:standard = New-ApiKey -Account acme
        $script:token = New-ApiKey -Account acme -Kind AppToken -AppName crm -Scope crm.objects.contacts.read
        $script:token.Scope | Should -BeExactly 'crm.objects.contacts.read'
        ($script:token | Test-ApiKey -RequiredScope crm.objects.contacts.read).Reason | Should -Be 'Valid'
        ($script:token | Test-ApiKey -RequiredScope crm.objects.contacts.write).Reason | Should -Be 'InsufficientScope'
    }

    It 'refuses a first standard key after NewKeysUntil with NewKeysClosed' {
        Set-ApiKeyStorePolicy -NewKeysUntil ([DateTimeOffset]::UtcNow.AddMinutes(-1)) -Force
        { New-ApiKey -Account newcomer -ErrorAction Stop } | Should -Throw -ErrorId 'NewKeysClosed,ApiKeyAdmin.Commands.NewApiKeyCommand'
    }

    It 'warns once per session while a sunset is set, never for app tokens, and the report names the account' {
        $script:standard | Test-ApiKey | Out-Null
        & $runbook -Step Announce -NewKeysUntil '2020-01-01T00:00:00Z' -SunsetAt '2099-01-01T00:00:00Z' -StorePath $store -Module $manifest -Confirm:$false | Out-Null
        $null = Get-ApiKey -Kind AppToken -WarningVariable tokenWarnings -WarningAction SilentlyContinue
        $tokenWarnings.Count | Should -Be 0
        $null = Get-ApiKey -Account acme, acme -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 1
        $null = Get-ApiKey -WarningVariable again -WarningAction SilentlyContinue
        $again.Count | Should -Be 0
        $row = & $runbook -Step Report -StorePath $store -Module $manifest -WarningAction SilentlyContinue
        $row.Account | Should -Be 'acme'
        $row.CallsLast7Days | Should -Be 1
        $row.AppTokens | Should -Be 1
        $row.Ready | Should -BeFalse
    }

    It 'refuses standard keys from the sunset, and clearing it brings them back' {
        Set-ApiKeyStorePolicy -SunsetAt ([DateTimeOffset]::UtcNow.AddMinutes(-1)) -Force
        ($script:standard | Test-ApiKey).Reason | Should -Be 'Sunset'
        ($script:token | Test-ApiKey).Reason | Should -Be 'Valid'
        Set-ApiKeyStorePolicy -SunsetAt $null -Force
        ($script:standard | Test-ApiKey).Reason | Should -Be 'Valid'
    }

    It 'the runbook issues tokens only where an app has none' {
        $issued = @(& $runbook -Step Issue -Account acme, globex -AppName crm -Scope crm.objects.contacts.read -StorePath $store -Module $manifest)
        $issued.Account | Should -Be 'globex'
        $issued[0].Secret | Should -BeOfType [securestring]
    }
}
