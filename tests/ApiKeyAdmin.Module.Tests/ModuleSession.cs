using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using Microsoft.PowerShell;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>
    /// A runspace that has imported the built module from out/ApiKeyAdmin, as a user would, with a temporary folder
    /// and a fresh store path of its own.
    /// </summary>
    public sealed class ModuleSession : IDisposable
    {
        private readonly Runspace runspace;

        /// <summary>
        /// Opens a runspace and imports out/ApiKeyAdmin/ApiKeyAdmin.psd1; throws if the import fails. With a
        /// <paramref name="host"/>, the runspace formats and prompts through it, as a console would.
        /// </summary>
        public ModuleSession(PSHost host = null)
        {
            TempDirectory = Path.Combine(TestEnvironment.UserFolders, "session-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(TempDirectory);
            StorePath = Path.Combine(TempDirectory, "apikeys.db");

            InitialSessionState state = InitialSessionState.CreateDefault2();
            // Windows' default policy would refuse the module's format file; elsewhere policies do not exist (and
            // setting one throws).
            if (OperatingSystem.IsWindows())
                state.ExecutionPolicy = ExecutionPolicy.Bypass;
            runspace = host == null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
            runspace.Open();

            InvocationResult import = Invoke(
                "param($Path) Import-Module -Name $Path -ErrorAction Stop",
                new Hashtable { ["Path"] = Repo.ManifestPath });
            if (import.HadErrors)
            {
                runspace.Dispose();
                throw new InvalidOperationException($"Import-Module '{Repo.ManifestPath}' failed:\n{import}");
            }
        }

        /// <summary>A folder of this session's own, deleted on dispose.</summary>
        public string TempDirectory { get; }

        /// <summary>A store file path in <see cref="TempDirectory"/> that does not exist yet; pass it as -StorePath.</summary>
        public string StorePath { get; }

        /// <summary>The PostgreSQL store of a session that uses one, else null; core seams then open it instead of <see cref="StorePath"/>.</summary>
        public string ConnectionString { get; set; }

        /// <summary>
        /// Runs <paramref name="script"/> in the session; <paramref name="parameters"/> bind to its <c>param()</c>
        /// block. A terminating error ends the script and is reported in <see cref="InvocationResult.Errors"/>.
        /// </summary>
        public InvocationResult Invoke(string script, IDictionary parameters = null)
        {
            using PowerShell shell = PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(script);
            if (parameters != null)
                shell.AddParameters(parameters);

            Collection<PSObject> output;
            ErrorRecord terminating = null;
            try
            {
                output = shell.Invoke();
            }
            catch (RuntimeException ex)
            {
                output = new Collection<PSObject>();
                terminating = ex.ErrorRecord;
            }

            List<ErrorRecord> errors = shell.Streams.Error.ToList();
            if (terminating != null)
                errors.Add(terminating);

            return new InvocationResult(
                output,
                errors,
                shell.Streams.Warning.ToList(),
                shell.Streams.Verbose.ToList(),
                shell.HadErrors || terminating != null);
        }

        /// <summary>Closes the runspace and deletes <see cref="TempDirectory"/>.</summary>
        public void Dispose()
        {
            runspace.Dispose();
            TestEnvironment.DeleteQuietly(TempDirectory);
        }
    }
}
