<#
.SYNOPSIS
    Mails the API key rotation reminders that fell due since yesterday: one message per recipient.

.DESCRIPTION
    A daily runbook over Get-ApiKeyRotationReminder. An active key has a reminder step at day 150, rotation falls due at
    day 180, and every further 180 days (360, 540, ...) while it is not rotated. Each step goes to every Super Admin and
    to whoever created or last rotated the key.

    Get-ApiKeyRotationReminder keeps no state: with its default window of one day it returns the steps that fell due in
    the 24 hours before -AsOf, so running this once a day mails each step once. After a missed run, pass a wider
    -Window (for example 3.00:00:00) once.

    The script sends nothing itself. Give -SendMail a script block that takes -To, -Subject and -Body and calls the mail
    command of your choice: Send-MgUserMail (Microsoft Graph PowerShell), Send-MailKitMessage, a function that posts to
    your mail relay's API, or a chat webhook. Send-MailMessage is deprecated (it cannot guarantee a secure connection to
    the server, see https://aka.ms/SendMailMessage) and is not recommended. Without -SendMail the messages are written
    to the pipeline as objects (To, Recipient, Subject, Body, Keys), so you can pipe them on or just look at them.

    Recipients without an e-mail address (their role was granted without -Email) are reported with a warning and
    skipped; fix that with Revoke-ApiKeyAdminRole and Grant-ApiKeyAdminRole -Email. Messages name keys by account, kind
    and key id; a secret is never part of a reminder.

    Run it as the store's owner, or through the JEA endpoint or service account that administers the store: reading
    reminders requires the SuperAdmin role.

.PARAMETER SendMail
    Called once per recipient as: & $SendMail -To <address> -Subject <text> -Body <text>.

.PARAMETER StorePath
    The store to read; by default $env:APIKEYADMIN_STORE or the per-user store, as for every ApiKeyAdmin command.

.PARAMETER Window
    How far back from -AsOf a step's due time may lie. One day by default, to match a daily schedule.

.PARAMETER AsOf
    The moment to look from; now by default.

.PARAMETER Module
    The ApiKeyAdmin module to import, by name or by the path of its manifest (for example ./out/ApiKeyAdmin/ApiKeyAdmin.psd1).

.EXAMPLE
    function Send-ReminderMail {
        param([string] $To, [string] $Subject, [string] $Body)
        $message = @{
            Message = @{
                Subject      = $Subject
                Body         = @{ ContentType = 'Text'; Content = $Body }
                ToRecipients = @(@{ EmailAddress = @{ Address = $To } })
            }
        }
        Send-MgUserMail -UserId 'api-keys@example.com' -BodyParameter $message
    }
    ./rotation-reminders.ps1 -SendMail ${function:Send-ReminderMail}

    Mails each recipient through Microsoft Graph, from a shared mailbox.

.EXAMPLE
    ./rotation-reminders.ps1 -AsOf (Get-Date).AddDays(180) -Window 180.00:00:00 | Format-List To, Subject, Body

    Previews, without sending, every reminder the next 180 days will bring.

.EXAMPLE
    ./rotation-reminders.ps1 -SendMail ${function:Send-ReminderMail} -WhatIf

    Shows whom the run would mail.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [scriptblock] $SendMail,

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

$query = @{ AsOf = $AsOf; Window = $Window }
if ($StorePath) {
    $query.StorePath = $StorePath
}

$reminders = @(Get-ApiKeyRotationReminder @query)
Write-Verbose "$($reminders.Count) reminder rows fell due in the $Window before $($AsOf.ToString('u'))."

foreach ($group in $reminders | Group-Object -Property Recipient) {
    $recipient = $group.Name
    $email = @($group.Group | Where-Object Email | Select-Object -ExpandProperty Email -First 1)
    if ($email.Count -eq 0) {
        Write-Warning "No e-mail address is known for '$recipient', who has $($group.Count) reminder(s); grant their role with -Email."
        continue
    }

    $lines = foreach ($row in $group.Group | Sort-Object -Property DueAt, Account) {
        $what = switch ($row.Stage) {
            'Reminder' { "should be rotated by $($row.RotationDueAt.UtcDateTime.ToString('yyyy-MM-dd')) (UTC)" }
            'RotationDue' { 'is due for rotation today' }
            default { "is $($row.AgeDays) days old and still not rotated" }
        }
        $account = $row.Account.Replace("'", "''")
        "- Account '$($row.Account)', $($row.Kind) key $($row.KeyId): $what."
        "  Rotate it: Invoke-ApiKeyRotation -Account '$account' -Kind $($row.Kind) -GracePeriod 1.00:00:00"
    }

    $overdue = @($group.Group | Where-Object Stage -NE 'Reminder').Count
    $subject = if ($overdue -gt 0) { "API keys due for rotation: $overdue" } else { "API keys to rotate within 30 days: $($group.Count)" }
    $reason = if (@($group.Group.RecipientReason) -contains 'CreatedOrRotatedKey') { 'you created or last rotated a key' } else { 'you are a Super Admin of the key store' }
    $body = @(
        "Hello $recipient,"
        ''
        "these API keys need your attention ($reason):"
        ''
        $lines
        ''
        'Keys are rotated every 180 days. With -GracePeriod the old key keeps working while integrations switch over.'
    ) -join [Environment]::NewLine

    $message = [pscustomobject]@{
        To        = $email[0]
        Recipient = $recipient
        Subject   = $subject
        Body      = $body
        Keys      = @($group.Group.KeyId | Sort-Object -Unique)
    }

    if (-not $SendMail) {
        $message
    }
    elseif ($PSCmdlet.ShouldProcess($message.To, "Mail '$subject'")) {
        & $SendMail -To $message.To -Subject $message.Subject -Body $message.Body
    }
}
