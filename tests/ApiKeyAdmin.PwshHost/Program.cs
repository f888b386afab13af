// pwsh itself is this one call: ConsoleShell parses pwsh's command line, runs it and returns pwsh's exit code.
return Microsoft.PowerShell.ConsoleShell.Start(null, null, args);
