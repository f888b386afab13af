# Pester 5: every log the module writes survives Export-Csv and ConvertTo-Json as clean columns and fields.
# Run: Invoke-Pester -Path tests/Pester -Output Detailed (after dotnet build -c Release has laid out out/ApiKeyAdmin).

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/ApiKeyAdmin/ApiKeyAdmin.psd1'
    Import-Module $manifest -Force -ErrorAction Stop

    # The store and its data-protection key both live in $TestDrive; a developer's own are never touched.
    $savedConfigHome = $env:XDG_CONFIG_HOME
    $env:XDG_CONFIG_HOME = Join-Path $TestDrive 'config'
    $store = Join-Path $TestDrive 'keys.db'

    $key = New-ApiKey -Account 'acme' -AsPlainText -StorePath $store
    $null = $key | Test-ApiKey -Method GET -Path '/contacts/1' -ClientAddress '203.0.113.7' -StorePath $store
    $null = Test-ApiKey -Key 'aks_garbage' -Method POST -Path '/deals' -StorePath $store
    Grant-ApiKeyAdminRole -User 'bob' -Email 'bob@example.com' -StorePath $store
    $secret = $key.Secret
}

AfterAll {
    $env:XDG_CONFIG_HOME = $savedConfigHome
    Remove-Module ApiKeyAdmin -ErrorAction SilentlyContinue
}

Describe 'Logs in the pipeline' {
    BeforeDiscovery {
        $logs = @(
            @{ Name = 'Get-ApiKeyAuditLog'; TypeName = 'ApiKeyAdmin.AuditEntry'; Script = { Get-ApiKeyAuditLog -StorePath $store } }
            @{ Name = 'Test-ApiKeyAuditLog'; TypeName = 'ApiKeyAdmin.AuditVerification'; Script = { Test-ApiKeyAuditLog -StorePath $store } }
            @{ Name = 'Get-ApiKeyCallLog'; TypeName = 'ApiKeyAdmin.CallRecord'; Script = { Get-ApiKeyCallLog -StorePath $store } }
            @{ Name = 'Measure-ApiKeyCallLog'; TypeName = 'ApiKeyAdmin.CallVolume'; Script = { Measure-ApiKeyCallLog -Interval Hour -StorePath $store } }
            @{ Name = 'Get-ApiKeyRotationReminder'; TypeName = 'ApiKeyAdmin.RotationReminder'; Script = { Get-ApiKeyRotationReminder -All -AsOf ([DateTimeOffset]::UtcNow.AddDays(400)) -StorePath $store } }
        )
    }

    Context '<Name>' -ForEach $logs {
        BeforeAll {
            $objects = @(& $Script)
            $properties = @($objects[0].PSObject.Properties.Name)
        }

        It 'writes <TypeName> objects' {
            $objects.Count | Should -BeGreaterThan 0
            $objects | ForEach-Object { $_.GetType().FullName | Should -BeExactly $TypeName }
        }

        It 'exports to CSV with a column per property and no type names in the cells' {
            $path = Join-Path $TestDrive "$Name.csv"
            $objects | Export-Csv -Path $path -NoTypeInformation
            $rows = @(Import-Csv -Path $path)

            $rows.Count | Should -Be $objects.Count
            @($rows[0].PSObject.Properties.Name) | Should -Be $properties
            foreach ($row in $rows) {
                foreach ($cell in $row.PSObject.Properties) {
                    $cell.Value | Should -Not -Match '^(System|ApiKeyAdmin)\.[A-Za-z.]+$' -Because "$($cell.Name) must be a scalar"
                }
            }
        }

        It 'keeps timestamps readable as DateTimeOffset in CSV' {
            $path = Join-Path $TestDrive "$Name.times.csv"
            $objects | Export-Csv -Path $path -NoTypeInformation
            $row = @(Import-Csv -Path $path)[0]
            $times = @($objects[0].PSObject.Properties | Where-Object { $_.Value -is [DateTimeOffset] })

            foreach ($time in $times) {
                $parsed = [DateTimeOffset]::Parse($row.($time.Name), [cultureinfo]::CurrentCulture)
                [Math]::Abs(($parsed - $time.Value).TotalSeconds) | Should -BeLessThan 1
            }
        }

        It 'converts to JSON with every property as a plain field' {
            $json = $objects | ConvertTo-Json -WarningVariable truncated
            $back = @($json | ConvertFrom-Json)

            $truncated | Should -BeNullOrEmpty
            $back.Count | Should -Be $objects.Count
            @($back[0].PSObject.Properties.Name) | Should -Be $properties
            foreach ($item in $back) {
                foreach ($field in $item.PSObject.Properties) {
                    $field.Value | Should -Not -BeOfType [System.Management.Automation.PSCustomObject] -Because "$($field.Name) must be a scalar"
                }
            }
        }

        It 'shows a default table that fits 80 columns, with UTC timestamps as yyyy-MM-dd HH:mm:ss' {
            $lines = @(($objects | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
            $times = @($objects[0].PSObject.Properties | Where-Object { $_.Value -is [DateTimeOffset] })

            $lines[1] | Should -Match '^-+( +-+)*\s*$' -Because 'the second line of a table is its underline'
            ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
            if ($times) {
                $lines[2] | Should -Match '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}'
            }
        }

        It 'never carries the secret' {
            $text = ($objects | ConvertTo-Json) + ($objects | ConvertTo-Csv -NoTypeInformation | Out-String)

            $text | Should -Not -Match ([regex]::Escape($secret))
        }
    }
}

Describe 'Reading the exports back' {
    It 'gives the audit log back in the order it was written, newest first' {
        $path = Join-Path $TestDrive 'audit-order.csv'
        Get-ApiKeyAuditLog -StorePath $store | Export-Csv -Path $path -NoTypeInformation

        $sequences = @(Import-Csv -Path $path | ForEach-Object { [long] $_.Sequence })

        $sequences | Should -Be @($sequences | Sort-Object -Descending)
        $sequences[-1] | Should -Be 1
    }

    It 'keeps outcomes and reasons as their names in CSV and JSON with -EnumsAsStrings' {
        $path = Join-Path $TestDrive 'calls.csv'
        Get-ApiKeyCallLog -StorePath $store | Export-Csv -Path $path -NoTypeInformation
        $json = Get-ApiKeyCallLog -StorePath $store | ConvertTo-Json -EnumsAsStrings | ConvertFrom-Json

        @(Import-Csv -Path $path).Outcome | Should -Be @('Denied', 'Allowed')
        @($json).Reason | Should -Be @('Malformed', 'Valid')
    }

    It 'gives reminder rows a runbook can group by recipient' {
        $rows = Get-ApiKeyRotationReminder -All -AsOf ([DateTimeOffset]::UtcNow.AddDays(181)) -StorePath $store |
            ConvertTo-Json | ConvertFrom-Json
        $byRecipient = @($rows | Group-Object -Property Recipient)

        $byRecipient.Count | Should -Be 2
        ($rows | Where-Object Recipient -EQ 'bob').Email | Sort-Object -Unique | Should -Be 'bob@example.com'
    }
}

Describe 'What an API caller can write into an admin''s console' {
    BeforeAll {
        $hostileStore = Join-Path $TestDrive 'hostile.db'
        $hostileKey = New-ApiKey -Account 'acme' -StorePath $hostileStore
        $null = $hostileKey | Test-ApiKey -Path "/x`e]0;pwned`a" -ClientAddress "1.2.3.4`e[31m" -StorePath $hostileStore
        # A malformed key is logged too: no valid key is needed to reach the call log.
        $null = Test-ApiKey -Key 'garbage' -Method ('M' * 1MB) -Path ('/' * 1MB) -ClientAddress "1.2.3.4`e[31m" -StorePath $hostileStore
        $savedRendering = $PSStyle.OutputRendering
        # The module's own text, without the console's colours, which are not the caller's.
        $PSStyle.OutputRendering = 'PlainText'
    }

    AfterAll {
        $PSStyle.OutputRendering = $savedRendering
    }

    It 'shows the table, the list and the CSV without a raw control character, escapes visible' {
        $calls = @(Get-ApiKeyCallLog -StorePath $hostileStore)
        $text = ($calls | Out-String -Width 250) + ($calls | Format-List | Out-String) + ($calls | ConvertTo-Csv | Out-String)

        $text | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]'
        $text | Should -Match ([regex]::Escape('/x\u001B]0;pwned\u0007'))
        $text | Should -Match ([regex]::Escape('1.2.3.4\u001B[31m'))
    }

    It 'stores a megabyte of method and path capped, the cut visible' {
        $denied = Get-ApiKeyCallLog -Outcome Denied -StorePath $hostileStore

        $denied.Method.Length | Should -Be 16
        $denied.Path.Length | Should -Be 2048
        $denied.Path | Should -BeLike '*…`[cut`]'
    }
}
