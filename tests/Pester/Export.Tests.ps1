# Pester 5: Export-ApiKeyCallLog and Export-ApiKeyAuditLog write what Get-ApiKeyCallLog | Export-Csv -UseQuotes AsNeeded
# writes, in a real pwsh, so that Import-Csv reads either file the same.
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
    $null = $key | Test-ApiKey -Method POST -Path '/a,"quoted",b' -StorePath $store
    $null = Test-ApiKey -Key 'aks_garbage' -Method POST -Path '/deals' -StorePath $store
    $null = Get-ApiKey -Account 'acme' -Reveal -StorePath $store
    $secret = $key.Secret
}

AfterAll {
    $env:XDG_CONFIG_HOME = $savedConfigHome
    Remove-Module ApiKeyAdmin -ErrorAction SilentlyContinue
}

Describe 'Log exports in a real pwsh' {
    BeforeDiscovery {
        $logs = @(
            @{ Export = 'Export-ApiKeyCallLog'; Get = 'Get-ApiKeyCallLog' }
            @{ Export = 'Export-ApiKeyAuditLog'; Get = 'Get-ApiKeyAuditLog' }
        )
    }

    Context '<Export>' -ForEach $logs {
        BeforeAll {
            $mine = Join-Path $TestDrive "$Export.csv"
            $theirs = Join-Path $TestDrive "$Get.csv"
            & $Export -Path $mine -StorePath $store
            & $Get -StorePath $store | Export-Csv -Path $theirs -UseQuotes AsNeeded
        }

        It 'loads with Import-Csv to the same rows and fields as the Export-Csv file' {
            $myRows = @(Import-Csv $mine)
            $theirRows = @(Import-Csv $theirs)
            $myRows.Count | Should -Be $theirRows.Count
            $myRows.Count | Should -BeGreaterThan 2
            for ($i = 0; $i -lt $theirRows.Count; $i++) {
                $names = @($theirRows[$i].PSObject.Properties.Name)
                @($myRows[$i].PSObject.Properties.Name) | Should -Be $names
                foreach ($name in $names) {
                    $myRows[$i].$name | Should -BeExactly $theirRows[$i].$name
                }
            }
        }

        It 'is the same bytes, UTF-8 without a byte-order mark, and holds no secret' {
            $bytes = [System.IO.File]::ReadAllBytes($mine)
            $bytes | Should -Be ([System.IO.File]::ReadAllBytes($theirs))
            $bytes[0] | Should -Not -Be 0xEF
            [System.IO.File]::ReadAllText($mine) | Should -Not -Match ([regex]::Escape($secret))
        }
    }

    It 'writes JSON Lines that ConvertFrom-Json reads with enum names and UTC times' {
        $file = Join-Path $TestDrive 'calls.jsonl'
        Export-ApiKeyCallLog -Path $file -Format JsonLines -StorePath $store
        $rows = @(Get-Content $file | ForEach-Object { $_ | ConvertFrom-Json -DateKind String })
        $calls = @(Get-ApiKeyCallLog -StorePath $store)
        $rows.Count | Should -Be $calls.Count
        @($rows[0].PSObject.Properties.Name) | Should -Be @($calls[0].PSObject.Properties.Name)
        $rows[0].Outcome | Should -BeExactly $calls[0].Outcome.ToString()
        $rows[0].Timestamp | Should -Match 'Z$'
    }
}
