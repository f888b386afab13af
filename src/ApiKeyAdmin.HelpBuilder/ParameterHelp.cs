using System.Collections.Generic;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>A parameter's section: its description and one YAML block per group of parameter sets it behaves alike in.</summary>
    internal sealed class ParameterHelp
    {
        /// <summary>The name without the dash.</summary>
        internal string Name { get; init; }

        /// <summary>What it means.</summary>
        internal IReadOnlyList<MarkdownBlock> Description { get; init; }

        /// <summary>The YAML blocks; the first is shown in the PARAMETERS list.</summary>
        internal IReadOnlyList<ParameterVariant> Variants { get; init; }
    }
}
