using System;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    public class ScriptParseTests
    {
        private static readonly string[] Extensions = { ".ps1", ".psd1", ".psm1" };
        private static readonly string[] SkippedFolders = { "bin", "obj", "out", ".git" };

        [Fact]
        public void Every_PowerShell_file_in_the_repo_parses()
        {
            string[] files = Directory
                .EnumerateFiles(Repo.Root, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Where(f => !Path.GetRelativePath(Repo.Root, f)
                    .Split(Path.DirectorySeparatorChar)
                    .Any(part => SkippedFolders.Contains(part, StringComparer.OrdinalIgnoreCase)))
                .ToArray();

            string[] problems = files
                .SelectMany(file =>
                {
                    Parser.ParseFile(file, out _, out ParseError[] errors);
                    return errors.Select(e =>
                        $"{Path.GetRelativePath(Repo.Root, file)}:{e.Extent.StartLineNumber}: {e.Message}");
                })
                .ToArray();

            Assert.Contains(files, f => Path.GetFileName(f) == "ApiKeyAdmin.psd1");
            Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
        }
    }
}
