# Pester 5: docs/examples/rotation-reminders.ps1 mails what Get-ApiKeyRotationReminder returns, once per recipient.

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1'
    $example = Join-Path $PSScriptRoot '../../docs/examples/rotation-reminders.ps1'
    Import-Module $manifest -Force -ErrorAction Stop

    $savedConfigHome = $env:XDG_CONFIG_HOME
    $env:XDG_CONFIG_HOME = Join-Path $TestDrive 'config'
    $store = Join-Path $TestDrive 'keys.db'

    $acme = New-ApiKey -Account 'acme' -StorePath $store
    $globex = New-ApiKey -Account 'globex' -Kind Developer -StorePath $store
    Grant-ApiKeyAdminRole -User 'bob' -Email 'bob@example.com' -StorePath $store
}

AfterAll {
    $env:XDG_CONFIG_HOME = $savedConfigHome
    Remove-Module ApiKeyAdmin -ErrorAction SilentlyContinue
}

Describe 'docs/examples/rotation-reminders.ps1' {
    It 'mails each recipient with an address once, naming every key due, and warns about the others' {
        $sent = [System.Collections.Generic.List[object]]::new()
        $send = { param($To, $Subject, $Body) $sent.Add([pscustomobject]@{ To = $To; Subject = $Subject; Body = $Body }) }.GetNewClosure()

        & $example -Module $manifest -StorePath $store -AsOf ([DateTimeOffset]::UtcNow.AddDays(180.5)) -SendMail $send -WarningVariable warnings 3>$null

        $sent.Count | Should -Be 1
        $sent[0].To | Should -Be 'bob@example.com'
        $sent[0].Subject | Should -Be 'API keys due for rotation: 2'
        $sent[0].Body | Should -Match ([regex]::Escape($acme.KeyId))
        $sent[0].Body | Should -Match ([regex]::Escape($globex.KeyId))
        $sent[0].Body | Should -Match "Invoke-ApiKeyRotation -Account 'globex' -Kind Developer"
        @($warnings).Count | Should -Be 1
    }

    It 'writes the messages as objects without -SendMail and sends nothing on a day without steps' {
        $preview = @(& $example -Module $manifest -StorePath $store -AsOf ([DateTimeOffset]::UtcNow.AddDays(150.5)) 3>$null)
        $quiet = @(& $example -Module $manifest -StorePath $store -AsOf ([DateTimeOffset]::UtcNow.AddDays(160)) 3>$null)

        $preview.Count | Should -Be 1
        $preview[0].Subject | Should -Be 'API keys to rotate within 30 days: 2'
        $preview[0].Keys | Should -Be @($acme.KeyId, $globex.KeyId | Sort-Object)
        $quiet | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        $send = { throw 'must not be called' }

        { & $example -Module $manifest -StorePath $store -AsOf ([DateTimeOffset]::UtcNow.AddDays(180.5)) -SendMail $send -WhatIf 3>$null } |
            Should -Not -Throw
    }
}
