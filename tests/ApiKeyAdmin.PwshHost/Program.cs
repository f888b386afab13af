using System;

// A test host talks to nobody: no telemetry and no update check, for the scripts it runs and the pwsh they start.
Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
Environment.SetEnvironmentVariable("POWERSHELL_UPDATECHECK", "Off");

// pwsh itself is this one call: ConsoleShell parses pwsh's command line, runs it and returns pwsh's exit code.
return Microsoft.PowerShell.ConsoleShell.Start(null, null, args);
