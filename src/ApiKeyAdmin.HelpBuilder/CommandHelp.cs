using System.Collections.Generic;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>One cmdlet's help page, read from its markdown.</summary>
    internal sealed class CommandHelp
    {
        /// <summary>The cmdlet name, Verb-Noun.</summary>
        internal string Name { get; init; }

        /// <summary>The MAML file the page belongs in, from the front matter's "external help file".</summary>
        internal string HelpFile { get; init; }

        /// <summary>The verb part of the name.</summary>
        internal string Verb => Name.Substring(0, Name.IndexOf('-'));

        /// <summary>The noun part of the name.</summary>
        internal string Noun => Name.Substring(Name.IndexOf('-') + 1);

        /// <summary>One sentence or two.</summary>
        internal string Synopsis { get; init; }

        /// <summary>The DESCRIPTION section.</summary>
        internal IReadOnlyList<MarkdownBlock> Description { get; init; }

        /// <summary>One item per parameter set, in the page's order.</summary>
        internal IReadOnlyList<SyntaxItem> Syntax { get; init; }

        /// <summary>The parameters, in the page's order.</summary>
        internal IReadOnlyList<ParameterHelp> Parameters { get; init; }

        /// <summary>What the cmdlet takes from the pipeline.</summary>
        internal IReadOnlyList<TypeHelp> Inputs { get; init; }

        /// <summary>What the cmdlet writes.</summary>
        internal IReadOnlyList<TypeHelp> Outputs { get; init; }

        /// <summary>The NOTES section.</summary>
        internal IReadOnlyList<MarkdownBlock> Notes { get; init; }

        /// <summary>The examples, in order.</summary>
        internal IReadOnlyList<ExampleHelp> Examples { get; init; }

        /// <summary>The RELATED LINKS.</summary>
        internal IReadOnlyList<LinkHelp> Links { get; init; }
    }
}
