# Pester 5: docs/examples/rotation-reminders.ps1 runs Send-ApiKeyRotationReminder as a runbook: what it would mail, and
# an exit status of 1 when a mail does not go. Real delivery is tested against postfix in the module tests.

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1'
    $example = Join-Path $PSScriptRoot '../../docs/examples/rotation-reminders.ps1'
    Import-Module $manifest -Force -ErrorAction Stop

    $savedConfigHome = $env:XDG_CONFIG_HOME
    $env:XDG_CONFIG_HOME = Join-Path $TestDrive 'config'
    $store = Join-Path $TestDrive 'keys.db'

    $acme = New-ApiKey -Account 'acme' -StorePath $store
    Grant-ApiKeyAdminRole -User 'bob' -Email 'bob@example.com' -StorePath $store
    # No SecretManagement vault here: the runbook sends without a login.
    $common = @{ Module = $manifest; StorePath = $store; From = 'api-keys@example.com'; CredentialSecret = ''; AsOf = $acme.CreatedAt.AddDays(180.5) }
}

AfterAll {
    $env:XDG_CONFIG_HOME = $savedConfigHome
    Remove-Module ApiKeyAdmin -ErrorAction SilentlyContinue
}

Describe 'docs/examples/rotation-reminders.ps1' {
    It 'sends nothing and records nothing with -WhatIf, and warns about a recipient without an address' {
        $out = @(& $example @common -SmtpServer 'smtp.invalid' -WhatIf -WarningVariable warnings 3>$null)

        $out | Should -BeNullOrEmpty
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'Set-ApiKeyAdminRole -User'
        Get-ApiKeyAuditLog -StorePath $store -Action ReminderSent | Should -BeNullOrEmpty
    }

    It 'exits with 1 when a mail does not go, and records nothing' {
        & $example @common -SmtpServer '127.0.0.1' -Port 9 -Security None -ErrorVariable failed 2>$null 3>$null

        $LASTEXITCODE | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ReminderNotDelivered,*'
        Get-ApiKeyAuditLog -StorePath $store -Action ReminderSent | Should -BeNullOrEmpty
    }
}
