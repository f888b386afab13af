<#
.SYNOPSIS
    Mails the API key rotation reminders that fell due since yesterday: one mail per recipient and step, each step once.

.DESCRIPTION
    A daily runbook over Send-ApiKeyRotationReminder. An active key has a reminder step at day 150, rotation falls due at
    day 180, and every further 180 days (360, 540, ...) while it is not rotated. Each step goes to every Super Admin and
    to whoever created or last rotated the key, in a mail with a text and an HTML part that names the account, kind,
    key id, masked key, age, due date and the command that rotates the key; a secret is never part of a reminder.

    Each step mailed to a recipient is recorded in the store (audit action ReminderSent) and never mailed again, so a
    run that happens twice, or fails halfway and is rerun, mails each step once. After days without a run, pass a wider
    -Window (for example 7.00:00:00): steps already mailed stay unsent.

    The SMTP login comes from SecretManagement (Get-Secret), so the runbook holds no password. Register it once, as the
    account the runbook runs as:
        Set-Secret -Name smtp -Secret (Get-Credential)

    Recipients without an e-mail address are warnings; give them one with Set-ApiKeyAdminRole -User <name> -Email
    <address> and the next run mails them. A mail the server does not take is an error for that recipient only; the
    script then exits with 1, so the scheduler shows the run as failed, and the next run tries that mail again.

    Run it as the store's owner, or through the JEA endpoint or service account that administers the store: sending
    reminders requires the SuperAdmin role.

.PARAMETER SmtpServer
    The SMTP server to mail through.

.PARAMETER Port
    Its port; 587 (STARTTLS) by default.

.PARAMETER Security
    StartTls by default; Tls for a server that speaks TLS from the first byte; None only for a relay on this host.

.PARAMETER From
    The sender's address.

.PARAMETER CredentialSecret
    The name of the SecretManagement secret that holds the SMTP login as a PSCredential; empty to send without a login.

.PARAMETER StorePath
    The store to use; by default $env:APIKEYADMIN_STORE or the per-user store, as for every ApiKeyAdmin command.

.PARAMETER Window
    How far back a step's due time may lie. One day by default, to match a daily schedule.

.PARAMETER AsOf
    The moment to look from; now by default.

.PARAMETER Module
    The ApiKeyAdmin module to import, by name or by the path of its manifest (for example ./out/ApiKeyAdmin/ApiKeyAdmin.psd1).

.EXAMPLE
    ./rotation-reminders.ps1 -SmtpServer smtp.example.com -From api-keys@example.com

    Mails today's reminders through smtp.example.com with STARTTLS, logging in with the secret 'smtp'.

.EXAMPLE
    ./rotation-reminders.ps1 -SmtpServer smtp.example.com -From api-keys@example.com -WhatIf

    Shows whom the run would mail, and sends nothing.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $SmtpServer,

    [ValidateRange(1, 65535)]
    [int] $Port = 587,

    [ValidateSet('StartTls', 'Tls', 'None')]
    [string] $Security = 'StartTls',

    [Parameter(Mandatory)]
    [ValidateNotNullOrEmpty()]
    [string] $From,

    [string] $CredentialSecret = 'smtp',

    [ValidateNotNullOrEmpty()]
    [string] $StorePath,

    [ValidateScript({ $_ -gt [TimeSpan]::Zero })]
    [TimeSpan] $Window = [TimeSpan]::FromDays(1),

    [DateTimeOffset] $AsOf = [DateTimeOffset]::UtcNow,

    [ValidateNotNullOrEmpty()]
    [string] $Module = 'ApiKeyAdmin'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module -Name $Module

$send = @{ SmtpServer = $SmtpServer; Port = $Port; From = $From; Security = $Security; Window = $Window; AsOf = $AsOf }
if ($CredentialSecret) {
    $send.Credential = Get-Secret -Name $CredentialSecret
}
if ($StorePath) {
    $send.StorePath = $StorePath
}

# A failed mail is a non-terminating error: the others still go, and the run reports failure at the end.
$sent = @(Send-ApiKeyRotationReminder @send -ErrorAction Continue -ErrorVariable failed -WhatIf:$WhatIfPreference)
Write-Verbose "$($sent.Count) reminder mail(s) sent, $($failed.Count) failed."
$sent | Select-Object -Property Recipient, Email, Account, KeyId, Step

if ($failed.Count -gt 0) {
    exit 1
}
