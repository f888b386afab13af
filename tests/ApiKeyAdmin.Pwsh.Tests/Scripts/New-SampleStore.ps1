<#
.SYNOPSIS
    Fills the store that $PSDefaultParameterValues names with one of everything the module writes.

.DESCRIPTION
    Dot-sourced by the scripts of the real-client tests after they import the module. It leaves an Active and an
    Expiring standard key for 'acme corporation' (rotated with a two-day grace), a developer key and an app token for
    globex, an allowed and a denied call, and a second Super Admin with an address for mail. $acme and $developer hold
    the keys that New-ApiKey returned, secrets as plain text, for the tests to look for.
#>
$acme = New-ApiKey -Account 'acme corporation' -Description 'CRM sync for the sales team' -AsPlainText
$null = $acme | Test-ApiKey -Method GET -Path /crm/v3/objects/contacts -ClientAddress 203.0.113.7
$null = Test-ApiKey -Key nonsense -Method POST -Path /crm/v3/objects/deals/batch/create
$null = Invoke-ApiKeyRotation -Account 'acme corporation' -GracePeriod ([TimeSpan]::FromDays(2)) -Force
$developer = New-ApiKey -Account globex -Kind Developer -AsPlainText
$null = New-ApiKey -Account globex -Kind AppToken -AppName crm -Scope crm.objects.contacts.read
Grant-ApiKeyAdminRole -User bob -Email bob@example.com
