using System;
using System.Threading;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Loads the SMTP transport only when reminders are sent: ApiKeyAdmin.Mail with MailKit, MimeKit and BouncyCastle come
    /// from the module's <c>mail/</c> folder into a load context of their own, so they never clash with another module's
    /// MailKit; the core stays shared, so the transport is an <see cref="IReminderTransport"/> here. Windows PowerShell has
    /// no load contexts: there it is the error MailRequiresPowerShell7.
    /// </summary>
    internal static class MailTransportLoader
    {
        /// <summary>The module's subfolder that holds the mail transport and its dependency closure.</summary>
        internal const string FolderName = "mail";

        // Not cached when it fails, so a module repaired in place loads on the next try.
        private static readonly Lazy<Type> TransportType = new Lazy<Type>(
            () => ModuleSubfolder.LoadType(FolderName, "ApiKeyAdmin.Mail", "ApiKeyAdmin.Mail.SmtpReminderTransport", Fail.MailTransportMissing),
            LazyThreadSafetyMode.PublicationOnly);

        /// <summary>An SMTP transport to the server <paramref name="settings"/> names; nothing is opened yet.</summary>
        internal static IReminderTransport Create(SmtpSettings settings)
        {
            if (!NativeLibraryLoader.HasNativeLibrary)
            {
                // AssemblyLoadContext arrived with .NET Core; Windows PowerShell has none.
                throw Fail.MailRequiresPowerShell7();
            }

            return ModuleSubfolder.Create<IReminderTransport>(TransportType.Value, settings);
        }
    }
}
