#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The module's objects in PowerShell's own clients: JSON and CSV round trips, Select-Object, Group-Object and
# Sort-Object, and the warning stream. The logs' columns and fields are in Logs.Tests.ps1; these go further.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1') -Force -ErrorAction Stop

    # The store and its data-protection key both live in $TestDrive; a developer's own are never touched.
    $savedConfigHome = $env:XDG_CONFIG_HOME
    $env:XDG_CONFIG_HOME = Join-Path $TestDrive 'config'
    $PSDefaultParameterValues['*-ApiKey*:StorePath'] = Join-Path $TestDrive 'keys.db'

    $acme = New-ApiKey -Account acme -AsPlainText
    $globex = New-ApiKey -Account globex -Kind Developer -AsPlainText
    # Three calls, two allowed, one denied; the tests below count on exactly these.
    $verified = @(
        $acme | Test-ApiKey -Method GET -Path '/contacts/1' -ClientAddress '203.0.113.7'
        Test-ApiKey -Key 'aks_garbage' -Method POST -Path '/deals'
        $globex | Test-ApiKey -Method DELETE -Path '/deals/7' -ClientAddress '2001:db8::7'
    )
    Grant-ApiKeyAdminRole -User bob -Email 'bob@example.com'
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-ApiKey*:StorePath')
    $env:XDG_CONFIG_HOME = $savedConfigHome
    Remove-Module ApiKeyAdmin -ErrorAction SilentlyContinue
}

Describe 'ConvertTo-Json and ConvertFrom-Json' {
    BeforeDiscovery {
        # The logs are in Logs.Tests.ps1; these are the other types the module writes (Copy-ApiKeyStore's needs a
        # PostgreSQL server).
        $outputs = @(
            @{ TypeName = 'ApiKeyAdmin.ApiKey'; Script = { Get-ApiKey -Account acme; Get-ApiKey -Account globex -Kind Developer } }
            @{ TypeName = 'ApiKeyAdmin.AdminRole'; Script = { Get-ApiKeyAdminRole } }
            @{ TypeName = 'ApiKeyAdmin.VerificationResult'; Script = { $verified } }
            @{ TypeName = 'ApiKeyAdmin.StorePolicy'; Script = { Get-ApiKeyStorePolicy } }
            @{ TypeName = 'ApiKeyAdmin.MigrationReportRow'; Script = { Get-ApiKeyMigrationReport } }
        )
    }

    It 'gives every <TypeName> back with the same value in every property' -ForEach $outputs {
        $objects = @(& $Script)
        $json = $objects | ConvertTo-Json -EnumsAsStrings -WarningVariable truncated
        $back = @($json | ConvertFrom-Json -DateKind Offset)

        $objects.Count | Should -BeGreaterThan 0
        $objects | ForEach-Object { $_.GetType().FullName | Should -BeExactly $TypeName }
        $truncated | Should -BeNullOrEmpty
        $back.Count | Should -Be $objects.Count
        for ($i = 0; $i -lt $objects.Count; $i++) {
            @($back[$i].PSObject.Properties.Name) | Should -Be @($objects[$i].PSObject.Properties.Name)
            foreach ($property in $objects[$i].PSObject.Properties) {
                $value = $back[$i].($property.Name)
                if ($property.Value -is [DateTimeOffset]) {
                    $value | Should -Be $property.Value -Because $property.Name
                }
                else {
                    "$value" | Should -BeExactly "$($property.Value)" -Because $property.Name
                }
            }
        }
    }

    It 'carries no secret unless one was asked for' {
        $text = (Get-ApiKey -Account acme | ConvertTo-Json) + (Get-ApiKey -Account globex -Kind Developer | ConvertTo-Json)

        $text | Should -Not -Match ([regex]::Escape($acme.Secret))
        $text | Should -Not -Match ([regex]::Escape($globex.Secret))
    }
}

Describe 'Export-Csv and Import-Csv' {
    It 'gives every call back field by field' {
        $path = Join-Path $TestDrive 'calls.csv'
        $calls = @(Get-ApiKeyCallLog)
        $calls | Export-Csv -Path $path -NoTypeInformation
        $rows = @(Import-Csv -Path $path)

        $rows.Count | Should -Be 3
        for ($i = 0; $i -lt $calls.Count; $i++) {
            foreach ($property in $calls[$i].PSObject.Properties) {
                $cell = $rows[$i].($property.Name)
                if ($property.Value -is [DateTimeOffset]) {
                    [DateTimeOffset]::Parse($cell, [cultureinfo]::CurrentCulture) | Should -Be $property.Value.AddTicks(-($property.Value.Ticks % [TimeSpan]::TicksPerSecond)) -Because $property.Name
                }
                else {
                    $cell | Should -BeExactly "$($property.Value)" -Because $property.Name
                }
            }
        }
    }

    It 'reads a filtered export back as the calls of one account' {
        $path = Join-Path $TestDrive 'denied.csv'
        Get-ApiKeyCallLog -Outcome Denied | Export-Csv -Path $path -NoTypeInformation

        $row = Import-Csv -Path $path

        $row.Outcome | Should -BeExactly 'Denied'
        $row.Reason | Should -BeExactly 'Malformed'
        $row.Path | Should -BeExactly '/deals'
    }
}

Describe 'Select-Object, Group-Object and Sort-Object' {
    It 'counts calls per outcome with Group-Object' {
        $groups = Get-ApiKeyCallLog | Group-Object -Property Outcome -AsHashTable -AsString

        $groups['Allowed'].Count | Should -Be 2
        $groups['Denied'].Count | Should -Be 1
    }

    It 'sorts the call log oldest first, the reverse of how it is read' {
        $newestFirst = @(Get-ApiKeyCallLog)

        $oldestFirst = @($newestFirst | Sort-Object -Property Timestamp, Path)

        $oldestFirst.Path | Should -Be @('/contacts/1', '/deals', '/deals/7')
        $newestFirst.Path | Should -Be @('/deals/7', '/deals', '/contacts/1')
    }

    It 'sorts keys by account and picks properties with Select-Object' {
        $keys = @(Get-ApiKey -Account acme; Get-ApiKey -Account globex -Kind Developer) |
            Sort-Object -Property Account -Descending | Select-Object -Property Account, Kind, MaskedKey

        $keys.Account | Should -Be @('globex', 'acme')
        $keys.Kind | Should -Be @('Developer', 'Standard')
        @($keys[0].PSObject.Properties.Name) | Should -Be @('Account', 'Kind', 'MaskedKey')
    }

    It 'binds a Select-Object KeyId to Disable-ApiKey by property name' {
        $key = Get-ApiKey -Account globex -Kind Developer

        $key | Select-Object -Property KeyId | Disable-ApiKey -Force

        (Get-ApiKey -Account globex -Kind Developer -IncludeInactive).Status | Should -Be 'Deactivated'
        (Get-ApiKey -Account globex -Kind Developer -IncludeInactive).KeyId | Should -BeExactly $key.KeyId
    }
}

Describe 'The warning stream' {
    BeforeAll {
        Set-ApiKeyStorePolicy -SunsetAt '2099-01-01T00:00:00Z' -Force
    }

    AfterAll {
        Set-ApiKeyStorePolicy -SunsetAt $null -Force
    }

    It 'holds the sunset warning in -WarningVariable and keeps the output to keys' {
        $keys = @(Get-ApiKey -Account acme -WarningVariable warnings -WarningAction SilentlyContinue)

        $keys | ForEach-Object { $_ | Should -BeOfType ([ApiKeyAdmin.ApiKey]) }
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match '2099-01-01'
    }

    It 'merges into the output only when redirected with 3>&1' {
        # The warning comes once per session and store, so a store of its own shows it again.
        $other = Join-Path $TestDrive 'warned.db'
        New-ApiKey -Account acme -StorePath $other | Out-Null
        Set-ApiKeyStorePolicy -StorePath $other -SunsetAt '2099-01-01T00:00:00Z' -Force
        $merged = @(Get-ApiKey -Account acme -StorePath $other 3>&1)

        @($merged | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 1
        @($merged | Where-Object { $_ -is [ApiKeyAdmin.ApiKey] }).Count | Should -Be 1
    }
}
