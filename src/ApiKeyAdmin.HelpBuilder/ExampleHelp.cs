using System.Collections.Generic;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>An example: its title, its code, and the explanation that follows the code.</summary>
    internal sealed class ExampleHelp
    {
        /// <summary>The heading, such as "Example 1: Rotate a key with a grace period".</summary>
        internal string Title { get; init; }

        /// <summary>The code, lines kept.</summary>
        internal string Code { get; init; }

        /// <summary>The text after the code.</summary>
        internal IReadOnlyList<MarkdownBlock> Remarks { get; init; }
    }
}
