@{
    RootModule           = 'ApiKeyAdmin.dll'
    # Stamped from ApiKeyAdminVersion in Directory.Build.props when the module is laid out in out/ApiKeyAdmin.
    ModuleVersion        = '0.1.0'
    GUID                 = 'dcaeaa82-251a-4f56-98fc-720aa93d7a12'
    Author               = 'ApiKeyAdmin developers'
    CompanyName          = 'ApiKeyAdmin developers'
    Copyright            = '(c) ApiKeyAdmin developers. MIT License.'
    Description          = 'Issues, shows, verifies, rotates and deactivates account-scoped API keys and app tokens, keeps them hashed (and encrypted, unless show-once) in a SQLite file or a shared PostgreSQL store, records every action in a tamper-evident audit log and every call in a 7-day call log, and verifies keys for services and reverse proxies.'
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
        'Grant-ApiKeyStoreAccess'
        'Revoke-ApiKeyStoreAccess'
        'Get-ApiKeyStoreAccess'
        'Get-ApiKeyStorePolicy'
        'Set-ApiKeyStorePolicy'
        'Get-ApiKeyMigrationReport'
        'Copy-ApiKeyStore'
        'Get-ApiKeyStore'
        'Set-ApiKeyAdminRole'
        'Backup-ApiKeyStore'
        'Send-ApiKeyRotationReminder'
        'Export-ApiKeyCallLog'
        'Export-ApiKeyAuditLog'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('ApiKey', 'Security', 'SQLite', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'API keys per account and kind (Standard, Developer) and app tokens per app with scopes; show, verify, rotation with an optional grace period and deactivation; Super Admin roles with e-mail addresses for reminders; a signed, hash-chained audit log with checkpoints; a 7-day call log; rotation reminders; store policy (show-once, the sunset of standard keys); SQLite or PostgreSQL stores, Copy-ApiKeyStore between them and Get-ApiKeyStore to see which key file belongs to a store.'
        }
    }
}
