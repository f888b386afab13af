<#
.SYNOPSIS
    Walks the move from standard API keys to scoped app tokens: set the dates, read the report, issue tokens, and watch
    standard-key calls fall to zero.

.DESCRIPTION
    Each step is one ApiKeyAdmin command; run the script once per step (-Step), or read it as the runbook it is.

    Announce  Closes first standard keys from -NewKeysUntil and stops standard keys from verifying at -SunsetAt
              (Set-ApiKeyStorePolicy; audited as PolicyChanged). From then on Get-ApiKey warns with the date.
    Report    Get-ApiKeyMigrationReport: the accounts that still hold a standard key, most urgent first, with their
              standard-key calls in the past 7 days and their app tokens.
    Issue     For each account in -Account that has no token for -AppName yet, New-ApiKey -Kind AppToken with -Scope.
              The tokens go to -SaveToken (for example a script block that calls Set-Secret); without it they are
              written to the pipeline, secrets as SecureString.
    Watch     Measure-ApiKeyCallLog by day for the accounts in the report, so you see standard-key calls fall to zero;
              an account is Ready once it made none for 7 days and holds a token.
    Retire    When every account is Ready: Disable-ApiKey for the standard keys of the Ready accounts.

    Nothing is deleted by the sunset: Set-ApiKeyStorePolicy -SunsetAt $null brings standard keys back at once.
    The commands need the SuperAdmin role. No secret is printed: tokens leave as SecureString.

.PARAMETER Step
    Announce, Report, Issue, Watch or Retire.

.PARAMETER NewKeysUntil
    With Announce: the moment from which accounts that never had a standard key get an app token instead.

.PARAMETER SunsetAt
    With Announce: the moment from which standard keys stop verifying.

.PARAMETER Account
    With Issue: the accounts to give a token.

.PARAMETER AppName
    With Issue: the app the tokens are for.

.PARAMETER Scope
    With Issue: the scopes of the tokens, such as crm.objects.contacts.read.

.PARAMETER SaveToken
    With Issue: called once per token as: & $SaveToken -Token <ApiKey>. Without it the tokens are written to the pipeline.

.PARAMETER StorePath
    The store; by default $env:APIKEYADMIN_STORE or the per-user store, as for every ApiKeyAdmin command.

.PARAMETER Module
    The ApiKeyAdmin module to import, by name or by the path of its manifest (for example ./out/ApiKeyAdmin/ApiKeyAdmin.psd1).

.EXAMPLE
    ./migrate-to-app-tokens.ps1 -Step Announce -NewKeysUntil '2026-07-15T00:00:00Z' -SunsetAt '2026-11-30T00:00:00Z'

.EXAMPLE
    ./migrate-to-app-tokens.ps1 -Step Issue -Account acme, globex -AppName crm-sync -Scope crm.objects.contacts.read -SaveToken {
        param($Token) Set-Secret -Name "$($Token.Account)-$($Token.AppName)" -Secret $Token.Secret
    }
#>
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
param(
    [Parameter(Mandatory = $true)]
    [ValidateSet('Announce', 'Report', 'Issue', 'Watch', 'Retire')]
    [string] $Step,

    [DateTimeOffset] $NewKeysUntil,

    [DateTimeOffset] $SunsetAt,

    [string[]] $Account,

    [string] $AppName,

    [string[]] $Scope,

    [scriptblock] $SaveToken,

    [string] $StorePath,

    [string] $Module = 'ApiKeyAdmin'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module -Name $Module -ErrorAction Stop

$store = @{}
if ($StorePath) { $store.StorePath = $StorePath }

switch ($Step) {
    'Announce' {
        if (-not $PSBoundParameters.ContainsKey('NewKeysUntil') -or -not $PSBoundParameters.ContainsKey('SunsetAt')) {
            throw 'Announce needs -NewKeysUntil and -SunsetAt.'
        }
        if ($PSCmdlet.ShouldProcess('the store policy', "New keys until $NewKeysUntil, sunset at $SunsetAt")) {
            Set-ApiKeyStorePolicy @store -NewKeysUntil $NewKeysUntil -SunsetAt $SunsetAt -Force -PassThru
        }
    }
    'Report' {
        Get-ApiKeyMigrationReport @store
    }
    'Issue' {
        if (-not $Account -or -not $AppName -or -not $Scope) {
            throw 'Issue needs -Account, -AppName and -Scope.'
        }
        foreach ($name in $Account) {
            # One active token per account and app: an account that has one already is left as it is.
            if (Get-ApiKey @store -Account $name -AppName $AppName -ErrorAction SilentlyContinue) {
                Write-Verbose "Account '$name' already has a token for app '$AppName'."
                continue
            }
            $token = New-ApiKey @store -Account $name -AppName $AppName -Scope $Scope
            if ($SaveToken) { & $SaveToken -Token $token } else { $token }
        }
    }
    'Watch' {
        $accounts = @(Get-ApiKeyMigrationReport @store -WarningAction SilentlyContinue | ForEach-Object Account)
        if ($accounts.Count -gt 0) {
            # Standard-key calls per account and day; when every account is at zero for 7 days, Retire.
            Get-ApiKeyCallLog @store -Account $accounts |
                Where-Object Kind -EQ 'Standard' |
                Group-Object -Property { $_.Timestamp.UtcDateTime.Date.ToString('yyyy-MM-dd') }, Account |
                ForEach-Object { [pscustomobject]@{ Day = $_.Values[0]; Account = $_.Values[1]; StandardKeyCalls = $_.Count } } |
                Sort-Object -Property Day, Account
        }
    }
    'Retire' {
        foreach ($row in Get-ApiKeyMigrationReport @store -WarningAction SilentlyContinue | Where-Object Ready) {
            if ($PSCmdlet.ShouldProcess("standard key of account '$($row.Account)'", 'Disable')) {
                Disable-ApiKey @store -Account $row.Account -Kind Standard -Force -PassThru
            }
        }
    }
}
