using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>
    /// Reads a cmdlet page in the platyPS layout and checks it as it goes: every section present and in order, one
    /// YAML block per parameter set group with every field, and each syntax line naming exactly the parameters whose
    /// YAML puts them in that set.
    /// </summary>
    internal static class CommandHelpReader
    {
        private static readonly string[] Sections =
        {
            "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
        };

        private static readonly string[] YamlFields =
        {
            "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters",
        };

        // platyPS writes it for enums and ValidateSet; Get-Help then shows the syntax as {A | B}.
        private const string AcceptedValues = "Accepted values";

        private static readonly Regex SyntaxParameter = new Regex(@"(?<=[\[\s])-(?<name>[A-Za-z][A-Za-z0-9]*)", RegexOptions.CultureInvariant);
        private static readonly Regex PipelineInput = new Regex(@"^(False|True \((ByValue|ByPropertyName|ByPropertyName, ByValue)\))$", RegexOptions.CultureInvariant);
        private static readonly Regex MarkdownLink = new Regex(@"^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)$", RegexOptions.CultureInvariant);

        /// <summary>The page's help; a <see cref="HelpFormatException"/> names the first thing out of place.</summary>
        internal static CommandHelp Read(MarkdownDocument page)
        {
            string file = page.Path;
            string name = page.Title.Title;
            string expectedName = Path.GetFileNameWithoutExtension(file);
            if (!string.Equals(name, expectedName, StringComparison.Ordinal))
            {
                throw new HelpFormatException(file, page.Title.Line, $"The title '{name}' does not match the file name '{expectedName}'.");
            }

            if (name.IndexOf('-') <= 0 || name.IndexOf('-') == name.Length - 1)
            {
                throw new HelpFormatException(file, page.Title.Line, $"'{name}' is not a Verb-Noun cmdlet name.");
            }

            if (!page.FrontMatter.TryGetValue("external help file", out string helpFile) || helpFile.Length == 0)
            {
                throw new HelpFormatException(file, 1, "The front matter has no 'external help file' (such as ApiKeyAdmin.dll-Help.xml).");
            }

            string[] found = page.Title.Children.Select(s => s.Title).ToArray();
            if (!found.SequenceEqual(Sections))
            {
                throw new HelpFormatException(file, page.Title.Line,
                    $"The ## sections must be exactly {string.Join(", ", Sections)}, in that order; found {string.Join(", ", found)}.");
            }

            Dictionary<string, MarkdownSection> sections = page.Title.Children.ToDictionary(s => s.Title);
            List<ParameterHelp> parameters = sections["PARAMETERS"].Children
                .Where(s => s.Title != "CommonParameters")
                .Select(s => ReadParameter(file, s))
                .ToList();
            var duplicate = parameters.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new HelpFormatException(file, sections["PARAMETERS"].Line, $"The parameter -{duplicate.Key} has two sections.");
            }

            return new CommandHelp
            {
                Name = name,
                HelpFile = helpFile,
                Synopsis = ReadSynopsis(file, sections["SYNOPSIS"]),
                Description = RequireText(file, sections["DESCRIPTION"]),
                Syntax = ReadSyntaxSection(file, name, sections["SYNTAX"], parameters),
                Parameters = parameters,
                Inputs = ReadTypes(file, sections["INPUTS"]),
                Outputs = ReadTypes(file, sections["OUTPUTS"]),
                Notes = Blocks(file, sections["NOTES"].Body),
                Examples = ReadExamples(file, sections["EXAMPLES"]),
                Links = ReadLinks(file, sections["RELATED LINKS"]),
            };
        }

        private static List<MarkdownBlock> Blocks(string file, IReadOnlyList<SourceLine> lines) => MarkdownBlocks.Parse(file, lines);

        private static List<MarkdownBlock> RequireText(string file, MarkdownSection section)
        {
            List<MarkdownBlock> blocks = Blocks(file, section.Body);
            if (blocks.Count == 0 || section.Children.Count > 0)
            {
                throw new HelpFormatException(file, section.Line, $"{section.Title} needs text and no ### headings.");
            }

            return blocks;
        }

        private static string ReadSynopsis(string file, MarkdownSection section)
        {
            List<MarkdownBlock> blocks = RequireText(file, section);
            if (blocks.Any(b => b.Kind != MarkdownBlockKind.Paragraph))
            {
                throw new HelpFormatException(file, section.Line, "SYNOPSIS is plain text: no lists, code or tables.");
            }

            return string.Join(" ", blocks.Select(b => Inline.ToPlain(b.Text)));
        }

        // One parameter set: the syntax line right under ## SYNTAX. Several: a ### heading per set, "(Default)" marking one.
        private static List<SyntaxItem> ReadSyntaxSection(string file, string command, MarkdownSection section, List<ParameterHelp> parameters)
        {
            if (section.Children.Count == 0)
            {
                return new List<SyntaxItem> { ReadSyntax(file, command, "__AllParameterSets", section, parameters) };
            }

            if (Blocks(file, section.Body).Count > 0)
            {
                throw new HelpFormatException(file, section.Line, "With ### headings per parameter set, SYNTAX has no text of its own.");
            }

            return section.Children
                .Select(s => ReadSyntax(file, command, s.Title.EndsWith(" (Default)", StringComparison.Ordinal) ? s.Title.Substring(0, s.Title.Length - " (Default)".Length) : s.Title, s, parameters))
                .ToList();
        }

        private static SyntaxItem ReadSyntax(string file, string command, string set, MarkdownSection section, List<ParameterHelp> parameters)
        {
            List<MarkdownBlock> blocks = Blocks(file, section.Body);
            if (blocks.Count != 1 || blocks[0].Kind != MarkdownBlockKind.Code || blocks[0].Text.Contains('\n')
                || !blocks[0].Text.StartsWith(command + " ", StringComparison.Ordinal))
            {
                throw new HelpFormatException(file, section.Line, $"The syntax of the set '{set}' is one code block of one line that starts with '{command} '.");
            }

            var items = new List<(ParameterHelp, ParameterVariant)>();
            foreach (string parameterName in SyntaxParameter.Matches(blocks[0].Text).Select(m => m.Groups["name"].Value))
            {
                ParameterHelp parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, parameterName, StringComparison.OrdinalIgnoreCase))
                    ?? throw new HelpFormatException(file, blocks[0].Line, $"The syntax of '{set}' names -{parameterName}, which has no ### -{parameterName} section.");
                ParameterVariant variant = parameter.Variants.FirstOrDefault(v => v.AppliesTo(set))
                    ?? throw new HelpFormatException(file, blocks[0].Line, $"The syntax of '{set}' names -{parameterName}, whose YAML does not list the set '{set}'.");
                items.Add((parameter, variant));
            }

            string[] missing = parameters
                .Where(p => p.Variants.Any(v => v.AppliesTo(set)) && !items.Any(i => i.Item1 == p))
                .Select(p => "-" + p.Name)
                .ToArray();
            if (missing.Length > 0)
            {
                throw new HelpFormatException(file, blocks[0].Line, $"The syntax of '{set}' lacks {string.Join(", ", missing)}, whose YAML puts them in that set.");
            }

            return new SyntaxItem { SetName = set, Parameters = items };
        }

        private static ParameterHelp ReadParameter(string file, MarkdownSection section)
        {
            if (!section.Title.StartsWith("-", StringComparison.Ordinal) || section.Title.Length < 2 || section.Children.Count > 0)
            {
                throw new HelpFormatException(file, section.Line, $"Parameter sections are '### -Name' with text and a yaml block; found '### {section.Title}'.");
            }

            List<MarkdownBlock> blocks = Blocks(file, section.Body);
            int firstYaml = blocks.FindIndex(b => b.Kind == MarkdownBlockKind.Code && b.Language == "yaml");
            List<MarkdownBlock> description = firstYaml < 0 ? blocks : blocks.Take(firstYaml).ToList();
            if (firstYaml <= 0 || description.Count == 0)
            {
                throw new HelpFormatException(file, section.Line, $"The parameter {section.Title} needs a description and then a ```yaml block.");
            }

            List<MarkdownBlock> rest = blocks.Skip(firstYaml).ToList();
            if (rest.Any(b => b.Kind != MarkdownBlockKind.Code || b.Language != "yaml"))
            {
                throw new HelpFormatException(file, section.Line, $"The parameter {section.Title} has text after its yaml block; put it in the description.");
            }

            return new ParameterHelp
            {
                Name = section.Title.Substring(1),
                Description = description,
                Variants = rest.Select(b => ReadYaml(file, b)).ToList(),
            };
        }

        private static ParameterVariant ReadYaml(string file, MarkdownBlock block)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            string[] lines = block.Text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0)
                {
                    continue;
                }

                int colon = lines[i].IndexOf(':');
                string key = colon > 0 ? lines[i].Substring(0, colon).Trim() : lines[i].Trim();
                if (colon <= 0 || !(YamlFields.Contains(key) || key == AcceptedValues) || fields.ContainsKey(key))
                {
                    throw new HelpFormatException(file, block.Line + 1 + i, $"Unexpected or repeated yaml line '{lines[i]}'; the fields are {string.Join(", ", YamlFields)} and optionally {AcceptedValues}.");
                }

                fields[key] = lines[i].Substring(colon + 1).Trim();
            }

            string[] absent = YamlFields.Where(f => !fields.ContainsKey(f)).ToArray();
            if (absent.Length > 0)
            {
                throw new HelpFormatException(file, block.Line, $"The yaml block lacks {string.Join(", ", absent)}.");
            }

            string position = fields["Position"];
            if (position != "Named" && !int.TryParse(position, out _))
            {
                throw new HelpFormatException(file, block.Line, $"Position is Named or a number; found '{position}'.");
            }

            if (!PipelineInput.IsMatch(fields["Accept pipeline input"]))
            {
                throw new HelpFormatException(file, block.Line,
                    $"Accept pipeline input is False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue); found '{fields["Accept pipeline input"]}'.");
            }

            string sets = fields["Parameter Sets"];
            return new ParameterVariant
            {
                Type = Required(file, block, fields, "Type"),
                Sets = sets == "(All)" ? Array.Empty<string>() : Split(Required(file, block, fields, "Parameter Sets")),
                Aliases = Split(fields["Aliases"]),
                Required = Boolean(file, block, fields, "Required"),
                Position = position,
                DefaultValue = Required(file, block, fields, "Default value"),
                PipelineInput = fields["Accept pipeline input"],
                Globbing = Boolean(file, block, fields, "Accept wildcard characters"),
                AcceptedValues = fields.TryGetValue(AcceptedValues, out string values) ? Split(values) : Array.Empty<string>(),
            };
        }

        private static string Required(string file, MarkdownBlock block, Dictionary<string, string> fields, string key) =>
            fields[key].Length > 0 ? fields[key] : throw new HelpFormatException(file, block.Line, $"The yaml field '{key}' is empty.");

        private static bool Boolean(string file, MarkdownBlock block, Dictionary<string, string> fields, string key) => fields[key] switch
        {
            "True" => true,
            "False" => false,
            _ => throw new HelpFormatException(file, block.Line, $"The yaml field '{key}' is True or False; found '{fields[key]}'."),
        };

        private static string[] Split(string list) =>
            list.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();

        private static List<TypeHelp> ReadTypes(string file, MarkdownSection section)
        {
            if (section.Children.Count == 0 || Blocks(file, section.Body).Count > 0)
            {
                throw new HelpFormatException(file, section.Line, $"{section.Title} lists types as '### TypeName' headings (or '### None'), each with its text.");
            }

            return section.Children.Select(s => new TypeHelp { Name = s.Title, Description = Blocks(file, s.Body) }).ToList();
        }

        private static List<ExampleHelp> ReadExamples(string file, MarkdownSection section)
        {
            if (section.Children.Count == 0)
            {
                throw new HelpFormatException(file, section.Line, "EXAMPLES needs at least one '### Example 1: ...' heading.");
            }

            var examples = new List<ExampleHelp>();
            foreach (MarkdownSection example in section.Children)
            {
                if (!example.Title.StartsWith($"Example {examples.Count + 1}: ", StringComparison.Ordinal))
                {
                    throw new HelpFormatException(file, example.Line, $"Example headings are numbered in order: expected 'Example {examples.Count + 1}: <title>', found '{example.Title}'.");
                }

                List<MarkdownBlock> blocks = Blocks(file, example.Body);
                int lastCode = blocks.FindLastIndex(b => b.Kind == MarkdownBlockKind.Code);
                if (lastCode < 0 || blocks.Take(lastCode).Any(b => b.Kind != MarkdownBlockKind.Code))
                {
                    throw new HelpFormatException(file, example.Line, "An example is its code block first, then the explanation (Get-Help shows them in that order).");
                }

                examples.Add(new ExampleHelp
                {
                    Title = example.Title,
                    Code = string.Join("\n\n", blocks.Take(lastCode + 1).Select(b => b.Text)),
                    Remarks = blocks.Skip(lastCode + 1).ToList(),
                });
            }

            return examples;
        }

        private static List<LinkHelp> ReadLinks(string file, MarkdownSection section)
        {
            var links = new List<LinkHelp>();
            foreach (MarkdownBlock block in Blocks(file, section.Body))
            {
                Match link = MarkdownLink.Match(block.Text ?? string.Empty);
                if (block.Kind == MarkdownBlockKind.Code || block.Kind == MarkdownBlockKind.Table || !link.Success)
                {
                    throw new HelpFormatException(file, block.Line, "RELATED LINKS holds one [Text](address) per line; use an empty address () or a .md page for other help topics.");
                }

                string uri = link.Groups["uri"].Value;
                links.Add(new LinkHelp
                {
                    Text = link.Groups["text"].Value,
                    Uri = uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? uri : string.Empty,
                });
            }

            return links;
        }
    }
}
