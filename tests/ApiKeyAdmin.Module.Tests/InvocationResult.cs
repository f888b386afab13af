using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>What a script run in a <see cref="ModuleSession"/> wrote, stream by stream.</summary>
    public sealed class InvocationResult
    {
        internal InvocationResult(
            Collection<PSObject> output,
            IReadOnlyList<ErrorRecord> errors,
            IReadOnlyList<WarningRecord> warnings,
            IReadOnlyList<VerboseRecord> verbose,
            bool hadErrors)
        {
            Output = output;
            Errors = errors;
            Warnings = warnings;
            Verbose = verbose;
            HadErrors = hadErrors;
        }

        /// <summary>The objects written to the output stream.</summary>
        public Collection<PSObject> Output { get; }

        /// <summary>Non-terminating errors, then the terminating error that stopped the script, if any.</summary>
        public IReadOnlyList<ErrorRecord> Errors { get; }

        /// <summary>The warning stream.</summary>
        public IReadOnlyList<WarningRecord> Warnings { get; }

        /// <summary>The verbose stream.</summary>
        public IReadOnlyList<VerboseRecord> Verbose { get; }

        /// <summary>Whether PowerShell reported any error, terminating or not.</summary>
        public bool HadErrors { get; }

        /// <summary>The fully qualified error ids, for assertions such as <c>KeyNotFound,ApiKeyAdmin.Commands.X</c>.</summary>
        public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId);

        /// <summary>All errors as text, for assertion messages.</summary>
        public override string ToString() =>
            string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}"));
    }
}
