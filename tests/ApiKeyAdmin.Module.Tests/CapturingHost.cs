using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>
    /// A console-like host, 120 columns wide, that counts confirmation prompts and keeps their text, answering each with
    /// "No" unless the test answers them itself. Any other kind of prompt fails the test: the module must never read
    /// input. Lines written to the console are kept (the -WhatIf text); formatted output is asserted in a real pwsh
    /// (ApiKeyAdmin.Pwsh.Tests).
    /// </summary>
    public sealed class CapturingHost : PSHost
    {
        private readonly CapturingUserInterface ui = new CapturingUserInterface();

        public override string Name => "ApiKeyAdmin.Tests";

        public override Version Version => new Version(1, 0);

        public override Guid InstanceId { get; } = Guid.NewGuid();

        public override PSHostUserInterface UI => ui;

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        /// <summary>How many times a command asked for confirmation.</summary>
        public int Prompts => ui.Prompts;

        /// <summary>The text of each confirmation prompt, its caption and message.</summary>
        public List<string> PromptTexts => ui.PromptTexts;

        /// <summary>The lines written to the console, such as -WhatIf's.</summary>
        public List<string> Lines => ui.Lines;

        /// <summary>
        /// Called at each confirmation prompt, while the command waits for its answer: true answers "Yes". Null (the
        /// default) answers every prompt "No".
        /// </summary>
        public Func<bool> OnConfirm
        {
            get => ui.OnConfirm;
            set => ui.OnConfirm = value;
        }

        public override void SetShouldExit(int exitCode)
        {
        }

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        private sealed class CapturingUserInterface : PSHostUserInterface
        {
            private readonly FixedRawUserInterface raw = new FixedRawUserInterface();

            internal int Prompts { get; private set; }

            internal List<string> PromptTexts { get; } = new List<string>();

            internal List<string> Lines { get; } = new List<string>();

            internal Func<bool> OnConfirm { get; set; }

            public override PSHostRawUserInterface RawUI => raw;

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
            {
                Prompts++;
                PromptTexts.Add(caption + "\n" + message);
                string answer = OnConfirm != null && OnConfirm() ? "Yes" : "No";
                for (int i = 0; i < choices.Count; i++)
                {
                    if (choices[i].Label.Replace("&", string.Empty).StartsWith(answer, StringComparison.Ordinal))
                    {
                        return i;
                    }
                }

                throw new InvalidOperationException($"The confirmation offered no '{answer}'.");
            }

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
                throw new InvalidOperationException("The module prompted for input.");

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
                throw new InvalidOperationException("The module prompted for a credential.");

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
                throw new InvalidOperationException("The module prompted for a credential.");

            public override string ReadLine() => throw new InvalidOperationException("The module read a line.");

            public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("The module read a secret.");

            public override void Write(string value)
            {
            }

            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
            {
            }

            public override void WriteLine(string value) => Lines.Add(value);

            public override void WriteErrorLine(string value)
            {
            }

            public override void WriteDebugLine(string message)
            {
            }

            public override void WriteProgress(long sourceId, ProgressRecord record)
            {
            }

            public override void WriteVerboseLine(string message)
            {
            }

            public override void WriteWarningLine(string message)
            {
            }
        }

        private sealed class FixedRawUserInterface : PSHostRawUserInterface
        {
            public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

            public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

            public override Coordinates CursorPosition { get; set; }

            public override Coordinates WindowPosition { get; set; }

            public override int CursorSize { get; set; }

            public override Size BufferSize { get; set; } = new Size(120, 9999);

            public override Size WindowSize { get; set; } = new Size(120, 50);

            public override Size MaxWindowSize => WindowSize;

            public override Size MaxPhysicalWindowSize => WindowSize;

            public override bool KeyAvailable => false;

            public override string WindowTitle { get; set; } = string.Empty;

            public override KeyInfo ReadKey(ReadKeyOptions options) => throw new InvalidOperationException("The module read a key.");

            public override void FlushInputBuffer()
            {
            }

            public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

            public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();

            public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

            public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
        }
    }
}
