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

Describe 'Secrets in the wrong place, and many at once' {
    BeforeAll {
        # A store of its own: the first block's file went with its TestDrive items.
        $PSDefaultParameterValues['*-ApiKey*:StorePath'] = Join-Path $TestDrive 'secrets.db'
        $pasted = (New-ApiKey -Account 'paste-test' -AsPlainText).Secret
        $null = New-ApiKey -Account 'second-account'
    }

    AfterAll {
        $PSDefaultParameterValues['*-ApiKey*:StorePath'] = $store
    }

    It 'refuses a secret pasted into -<Parameter> with SecretInWrongParameter, naming the parameter and not the value' -ForEach @(
        @{ Parameter = 'KeyId'; Script = { param($S) Get-ApiKey -KeyId $S } }
        @{ Parameter = 'Account'; Script = { param($S) Disable-ApiKey -Account $S -Force } }
        @{ Parameter = 'Path'; Script = { param($S) Get-ApiKeyCallLog -Path "[$S" } }
        @{ Parameter = 'User'; Script = { param($S) Grant-ApiKeyAdminRole -User $S } }
    ) {
        $failure = { & $Script $pasted } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'SecretInWrongParameter,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.TargetObject | Should -BeExactly "-$Parameter"
        ($failure | Out-String) + $failure.Exception.Message | Should -Not -Match ([regex]::Escape($pasted.Substring(4, 20)))
    }

    It 'cuts a megabyte -KeyId to a few hundred characters in its InvalidKeyId error' {
        $null = Get-ApiKey -KeyId ('k' * 1MB) -ErrorAction SilentlyContinue -ErrorVariable failed

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidKeyId,*'
        $failed[0].ToString().Length | Should -BeLessThan 500
    }

    It 'fails at the question before revealing several keys in a session that cannot prompt, and -Force shows them' {
        $viewedBefore = @(Get-ApiKeyAuditLog -Action Viewed).Count

        { Get-ApiKey -Reveal -AsPlainText -ErrorAction Stop } | Should -Throw
        @(Get-ApiKeyAuditLog -Action Viewed).Count | Should -Be $viewedBefore
        @(Get-ApiKey -Reveal -AsPlainText -Force).Count | Should -BeGreaterThan 1
    }
}
