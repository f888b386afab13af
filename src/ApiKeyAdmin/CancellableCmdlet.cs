using System;
using System.Management.Automation;
using System.Threading;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The root of every ApiKeyAdmin cmdlet. Its long core calls end on Ctrl+C: PowerShell calls StopProcessing on
    /// another thread, which cancels the token that the core's read loops check for each row (SqliteCommand.Cancel does
    /// nothing). And before it begins, a secret pasted into any parameter but -Key is refused (SecretInWrongParameter).
    /// </summary>
    public abstract class CancellableCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C; long reads check it per row.</summary>
        protected CancellationToken Cancellation => stopping.Token;

        /// <summary>Releases what the command opened; PowerShell calls it when the command ends, however it ends.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases what the command opened; derived commands add their own.</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                stopping.Dispose();
            }
        }

        /// <inheritdoc/>
        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>Refuses a secret in a parameter given on the command line; a command that overrides this calls it first.</summary>
        protected override void BeginProcessing() => MisplacedSecrets.Refuse(this);
    }
}
