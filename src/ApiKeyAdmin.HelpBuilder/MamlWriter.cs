using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>
    /// Writes cmdlet help as MAML, the XML that Get-Help reads for binary modules from &lt;module&gt;/&lt;culture&gt;/&lt;assembly&gt;-Help.xml,
    /// with the elements and attributes platyPS's New-ExternalHelp writes.
    /// </summary>
    internal static class MamlWriter
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

        /// <summary>Writes one MAML file holding <paramref name="commands"/>.</summary>
        internal static void Write(string path, IEnumerable<CommandHelp> commands)
        {
            var document = new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(Msh + "helpItems",
                    new XAttribute("schema", "maml"),
                    new XAttribute("xmlns", Msh.NamespaceName),
                    commands.Select(ToCommand)));
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
            using (XmlWriter writer = XmlWriter.Create(path, settings))
            {
                document.Save(writer);
            }
        }

        private static XElement ToCommand(CommandHelp help) => new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "command", Command.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dev", Dev.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp.NamespaceName),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(new[] { help.Synopsis })),
            Description(Paragraphs(help.Description)),
            new XElement(Command + "syntax", help.Syntax.Select(s => SyntaxItem(help.Name, s))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Variants[0], inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeEntry("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeEntry("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(Paragraphs(help.Notes)))),
            new XElement(Command + "examples", help.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", help.Links.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text),
                new XElement(Maml + "uri", l.Uri)))));

        private static XElement SyntaxItem(string name, SyntaxItem item) => new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", name),
            item.Parameters.Select(p => Parameter(p.Parameter, p.Variant, inSyntax: true)));

        private static XElement Parameter(ParameterHelp parameter, ParameterVariant variant, bool inSyntax)
        {
            bool isSwitch = variant.Type == "SwitchParameter";
            string variableLength = variant.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false";
            return new XElement(Command + "parameter",
                new XAttribute("required", variant.Required ? "true" : "false"),
                new XAttribute("variableLength", variableLength),
                new XAttribute("globbing", variant.Globbing ? "true" : "false"),
                new XAttribute("pipelineInput", variant.PipelineInput),
                new XAttribute("position", variant.Position == "Named" ? "named" : variant.Position),
                new XAttribute("aliases", variant.Aliases.Count == 0 ? "none" : string.Join(", ", variant.Aliases)),
                new XElement(Maml + "name", parameter.Name),
                Description(Paragraphs(parameter.Description)),
                // A switch takes no value: the syntax shows [-Force], the parameter list [-Force <SwitchParameter>].
                isSwitch && inSyntax ? null : new XElement(Command + "parameterValue",
                    new XAttribute("required", isSwitch ? "false" : "true"),
                    new XAttribute("variableLength", variableLength),
                    variant.Type),
                variant.AcceptedValues.Count == 0 ? null : new XElement(Command + "parameterValueGroup",
                    variant.AcceptedValues.Select(v => new XElement(Command + "parameterValue",
                        new XAttribute("required", "false"),
                        new XAttribute(Command + "variableLength", "false"),
                        v))),
                new XElement(Dev + "type", new XElement(Maml + "name", variant.Type), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", variant.DefaultValue));
        }

        private static XElement TypeEntry(string element, TypeHelp type) => new XElement(Command + element,
            new XElement(Dev + "type", new XElement(Maml + "name", type.Name)),
            Description(Paragraphs(type.Description)));

        private static XElement Example(ExampleHelp example)
        {
            string dashes = new string('-', Math.Max(3, (64 - example.Title.Length) / 2));
            return new XElement(Command + "example",
                new XElement(Maml + "title", $"{dashes} {example.Title} {dashes}"),
                new XElement(Dev + "code", example.Code),
                // The trailing empty paragraph is what sets examples apart in Get-Help's output.
                new XElement(Dev + "remarks", Paras(Paragraphs(example.Remarks).Append(string.Empty))));
        }

        private static XElement Description(IEnumerable<string> paragraphs) => new XElement(Maml + "description", Paras(paragraphs));

        private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));

        /// <summary>Each block as one paragraph of plain text; code keeps its lines, a table gives a line per row.</summary>
        private static IEnumerable<string> Paragraphs(IEnumerable<MarkdownBlock> blocks)
        {
            foreach (MarkdownBlock block in blocks)
            {
                switch (block.Kind)
                {
                    case MarkdownBlockKind.Paragraph:
                        yield return Inline.ToPlain(block.Text);
                        break;
                    case MarkdownBlockKind.ListItem:
                        yield return block.Marker + " " + Inline.ToPlain(block.Text);
                        break;
                    case MarkdownBlockKind.Code:
                        yield return block.Text;
                        break;
                    case MarkdownBlockKind.Table:
                        string[] header = block.Rows[0];
                        foreach (string[] row in block.Rows.Skip(1))
                        {
                            yield return Inline.ToPlain(row[0]) + ": " + string.Join("; ",
                                row.Skip(1).Select((cell, i) => (i + 1 < header.Length ? header[i + 1] + " " : string.Empty) + Inline.ToPlain(cell)));
                        }

                        break;
                }
            }
        }

        /// <summary>The file name Get-Help looks for, checked so a typo in the front matter fails the build.</summary>
        internal static void CheckFileName(string file, int line, string helpFile)
        {
            if (!helpFile.EndsWith("-Help.xml", StringComparison.Ordinal) || helpFile.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw new HelpFormatException(file, line, $"The external help file '{helpFile}' is not a name of the form <assembly>-Help.xml.");
            }
        }
    }
}
