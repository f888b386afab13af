using System.Collections.Generic;
using System.Linq;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>One YAML block of a parameter: its type and how it binds in the parameter sets it names.</summary>
    internal sealed class ParameterVariant
    {
        /// <summary>The type as written, such as String[] or SwitchParameter.</summary>
        internal string Type { get; init; }

        /// <summary>The parameter sets; empty when the block says (All).</summary>
        internal IReadOnlyList<string> Sets { get; init; }

        /// <summary>The aliases.</summary>
        internal IReadOnlyList<string> Aliases { get; init; }

        /// <summary>Whether the parameter is mandatory.</summary>
        internal bool Required { get; init; }

        /// <summary>"Named" or the position number.</summary>
        internal string Position { get; init; }

        /// <summary>The default value as the page gives it.</summary>
        internal string DefaultValue { get; init; }

        /// <summary>False, or True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).</summary>
        internal string PipelineInput { get; init; }

        /// <summary>Whether wildcards are accepted.</summary>
        internal bool Globbing { get; init; }

        /// <summary>The values an enum or ValidateSet allows; empty when any value of the type goes.</summary>
        internal IReadOnlyList<string> AcceptedValues { get; init; }

        /// <summary>Whether the block says (All).</summary>
        internal bool InAllSets => Sets.Count == 0;

        /// <summary>Whether the block applies to a parameter set.</summary>
        internal bool AppliesTo(string set) => InAllSets || Sets.Contains(set);
    }
}
