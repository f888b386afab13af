using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Tab completion of role names. It replaces a ValidateSet, whose binding error would echo the value given, a pasted
    /// secret included; the core refuses an unknown role as InvalidRole instead.
    /// </summary>
    public sealed class RoleCompleter : IArgumentCompleter
    {
        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Roles.All.Where(r => r.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                .Select(r => new CompletionResult(r, r, CompletionResultType.ParameterValue, r));
    }
}
