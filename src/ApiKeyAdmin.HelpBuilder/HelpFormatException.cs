using System;

namespace ApiKeyAdmin.HelpBuilder
{
    /// <summary>A help page that does not follow the platyPS layout; names the file and line so the build can point at it.</summary>
    internal sealed class HelpFormatException : Exception
    {
        internal HelpFormatException(string file, int line, string message)
            : base(message)
        {
            File = file;
            Line = line;
        }

        /// <summary>The markdown file.</summary>
        internal string File { get; }

        /// <summary>The 1-based line the problem is on or near.</summary>
        internal int Line { get; }

        /// <summary>The canonical MSBuild error format, so the build lists it like a compiler error.</summary>
        internal string ToMSBuildError() => $"{File}({Line}): error AKHELP: {Message}";
    }
}
