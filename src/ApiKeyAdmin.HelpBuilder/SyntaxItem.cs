using System.Collections.Generic;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>One parameter set's syntax: the parameters as the page's syntax line orders them.</summary>
    internal sealed class SyntaxItem
    {
        /// <summary>The parameter set's name; __AllParameterSets for a cmdlet with one set.</summary>
        internal string SetName { get; init; }

        /// <summary>Each parameter with the variant that applies in this set.</summary>
        internal IReadOnlyList<(ParameterHelp Parameter, ParameterVariant Variant)> Parameters { get; init; }
    }
}
