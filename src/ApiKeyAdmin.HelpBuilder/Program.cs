using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>
    /// <c>dotnet ApiKeyAdmin.HelpBuilder.dll &lt;docs/help&gt; &lt;output folder&gt;</c>: every cmdlet page becomes part
    /// of the MAML file its front matter names, every about_*.md an about_*.help.txt. Problems are printed in MSBuild's
    /// error format, all of them, and nothing is written unless every page reads.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length != 2 || !Directory.Exists(args[0]))
            {
                Console.Error.WriteLine("Usage: dotnet ApiKeyAdmin.HelpBuilder.dll <folder of help markdown> <output folder>");
                return 2;
            }

            string docs = args[0];
            string output = args[1];
            var commands = new List<CommandHelp>();
            var abouts = new List<(MarkdownDocument Page, string Text)>();
            var errors = new List<HelpFormatException>();
            foreach (string file in Directory.GetFiles(docs, "*.md").OrderBy(f => f, StringComparer.Ordinal))
            {
                try
                {
                    MarkdownDocument page = MarkdownDocument.Load(file);
                    if (Path.GetFileName(file).StartsWith("about_", StringComparison.Ordinal))
                    {
                        abouts.Add((page, AboutTopicWriter.Render(page)));
                    }
                    else
                    {
                        CommandHelp help = CommandHelpReader.Read(page);
                        MamlWriter.CheckFileName(file, 1, help.HelpFile);
                        commands.Add(help);
                    }
                }
                catch (HelpFormatException ex)
                {
                    errors.Add(ex);
                }
            }

            if (commands.Count == 0 && errors.Count == 0)
            {
                errors.Add(new HelpFormatException(docs, 0, "No cmdlet help pages (<Verb-Noun>.md) were found."));
            }

            if (errors.Count > 0)
            {
                errors.ForEach(e => Console.WriteLine(e.ToMSBuildError()));
                return 1;
            }

            Directory.CreateDirectory(output);
            // Only what this run makes is left, so a page that was removed does not live on in a stale file.
            foreach (string stale in Directory.GetFiles(output, "*-Help.xml").Concat(Directory.GetFiles(output, "about_*.help.txt")))
            {
                File.Delete(stale);
            }

            foreach (IGrouping<string, CommandHelp> file in commands.GroupBy(c => c.HelpFile, StringComparer.Ordinal))
            {
                MamlWriter.Write(Path.Combine(output, file.Key), file);
                Console.WriteLine($"{file.Key}: {file.Count()} commands");
            }

            foreach ((MarkdownDocument page, string text) in abouts)
            {
                string name = page.Title.Title + ".help.txt";
                File.WriteAllText(Path.Combine(output, name), text, new System.Text.UTF8Encoding(false));
                Console.WriteLine(name);
            }

            return 0;
        }
    }
}
