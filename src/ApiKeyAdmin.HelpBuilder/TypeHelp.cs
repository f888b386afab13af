using System.Collections.Generic;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>An INPUTS or OUTPUTS entry: a type name and what it means here.</summary>
    internal sealed class TypeHelp
    {
        /// <summary>The type's name, or None.</summary>
        internal string Name { get; init; }

        /// <summary>What the cmdlet does with it or writes in it.</summary>
        internal IReadOnlyList<MarkdownBlock> Description { get; init; }
    }
}
