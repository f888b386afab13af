<#
.SYNOPSIS
    Walks one account's API key through its whole life in a throw-away store.

.DESCRIPTION
    Generates a key, shows it again (audited), verifies a call with it, rotates it with a one-day grace period,
    deactivates it, and reads the audit and call logs back. It uses only the module's commands and PowerShell's core
    cmdlets, and never prints a secret. Each step's output is a table of its own, so it reads the same at a console and
    redirected to a file (there without colour codes). The store is a temporary file, deleted at the end together
    with its data-protection key file, unless -StorePath names one.

.PARAMETER StorePath
    The store to use. By default a new temporary file that the demo deletes, with its key file, when it ends.

.EXAMPLE
    ./docs/examples/demo.ps1

    Runs the walk-through in a temporary store.
#>
[CmdletBinding()]
param(
    [string] $StorePath
)

$ErrorActionPreference = 'Stop'
# A log file gets the same text a console shows, without escape codes.
if ([Console]::IsOutputRedirected) {
    $PSStyle.OutputRendering = 'PlainText'
}
if (-not (Get-Module -Name ApiKeyAdmin)) {
    Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'ApiKeyAdmin', 'ApiKeyAdmin.psd1'))
}

$temporary = -not $StorePath
if ($temporary) {
    $StorePath = [IO.Path]::Combine([IO.Path]::GetTempPath(), "apikeyadmin-demo-$([guid]::NewGuid().ToString('N')).db")
}
$PSDefaultParameterValues['*-ApiKey*:StorePath'] = $StorePath

try {
    '1. Generate the account''s key. You become the store''s first Super Admin.'
    New-ApiKey -Account acme -Description 'CRM sync' | Format-Table

    '2. Show it again, as a Super Admin can; the showing is audited. Only its mask is printed here.'
    $shown = Get-ApiKey -Account acme -Reveal -AsPlainText
    "   $($shown.MaskedKey), $($shown.AgeDays) days old, rotation due $($shown.RotationDueAt.ToString('yyyy-MM-dd'))"

    '3. An API verifies a call made with it.'
    Test-ApiKey -Key $shown.Secret -Method GET -Path /crm/v3/contacts -ClientAddress 203.0.113.7 | Format-Table

    '4. Rotate it with a one-day grace period: the old key keeps working until then, as Expiring.'
    $rotated = Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(1)) -Force -AsPlainText
    Get-ApiKey -Account acme | Format-Table
    Test-ApiKey -Key $shown.Secret -Method GET -Path /crm/v3/deals | Format-Table

    '5. Deactivate it: calls with either key now fail.'
    Disable-ApiKey -Account acme -Force -PassThru | Format-Table
    Test-ApiKey -Key $rotated.Secret -Method POST -Path /crm/v3/deals | Format-Table

    '6. The audit log: who did what to which key, newest first; and a check that nobody edited it.'
    Get-ApiKeyAuditLog | Format-Table
    Test-ApiKeyAuditLog | Format-Table

    '7. The call log: every call of the past 7 days.'
    Get-ApiKeyCallLog | Format-Table
}
finally {
    if ($temporary) {
        # Every store has a key file of its own; a throw-away store's would otherwise stay behind.
        $keyFile = (Get-ApiKeyStore).ProtectionKeyPath
        foreach ($file in $StorePath, "$StorePath-wal", "$StorePath-shm", $keyFile) {
            if ($file) {
                [IO.File]::Delete($file)
            }
        }
    }
    $PSDefaultParameterValues.Remove('*-ApiKey*:StorePath')
}
