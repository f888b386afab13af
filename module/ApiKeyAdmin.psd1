@{
    RootModule           = 'ApiKeyAdmin.dll'
    # Stamped from ApiKeyAdminVersion in Directory.Build.props when the module is laid out in out/ApiKeyAdmin.
    ModuleVersion        = '0.1.0'
    GUID                 = 'dcaeaa82-251a-4f56-98fc-720aa93d7a12'
    Author               = 'ApiKeyAdmin developers'
    CompanyName          = 'ApiKeyAdmin developers'
    Copyright            = '(c) ApiKeyAdmin developers. MIT License.'
    Description          = 'Issues, shows, verifies, rotates and deactivates API keys for accounts, keeps them hashed and encrypted in a local SQLite store, and records every action in a tamper-evident audit log.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('ApiKeyAdmin.format.ps1xml')
    CmdletsToExport      = @(
        'Get-ApiKey'
        'New-ApiKey'
        'Invoke-ApiKeyRotation'
        'Disable-ApiKey'
        'Test-ApiKey'
        'Get-ApiKeyAuditLog'
        'Test-ApiKeyAuditLog'
        'Export-ApiKeyAuditCheckpoint'
        'Get-ApiKeyCallLog'
        'Measure-ApiKeyCallLog'
        'Get-ApiKeyRotationReminder'
        'Grant-ApiKeyAdminRole'
        'Revoke-ApiKeyAdminRole'
        'Get-ApiKeyAdminRole'
        'Get-ApiKeyStorePolicy'
        'Set-ApiKeyStorePolicy'
        'Get-ApiKeyMigrationReport'
        'Copy-ApiKeyStore'
        'Backup-ApiKeyStore'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('ApiKey', 'Security', 'SQLite', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First release: API keys per account and kind (Standard, Developer) with show, verify, rotation with an optional grace period and deactivation; Super Admin roles; a hash-chained audit log; a call log; rotation reminders; store policy.'
        }
    }
}
