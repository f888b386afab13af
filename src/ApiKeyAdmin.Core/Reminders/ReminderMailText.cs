using System.Globalization;
using System.Net;
using System.Text;

namespace ApiKeyAdmin
{
    /// <summary>The words of a reminder mail, as plain text and as HTML (every value encoded), from the mail's own fields.</summary>
    internal static class ReminderMailText
    {
        internal static string Subject(ReminderMail mail) =>
            $"{Headline(mail)}: {mail.Account} ({mail.Kind}, key {mail.KeyId})";

        internal static string Text(ReminderMail mail)
        {
            var text = new StringBuilder();
            text.Append(Headline(mail)).Append(".\n\n");
            foreach ((string name, string value) in Fields(mail))
            {
                text.Append(name).Append(": ").Append(value).Append('\n');
            }

            text.Append("\nTo rotate it, as a Super Admin:\n\n    ").Append(mail.RotateCommand).Append("\n\n");
            text.Append(Why(mail)).Append('\n');
            return text.ToString();
        }

        internal static string Html(ReminderMail mail)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html><html><body><p><strong>").Append(Encode(Headline(mail))).Append(".</strong></p><table>");
            foreach ((string name, string value) in Fields(mail))
            {
                html.Append("<tr><th align=\"left\">").Append(Encode(name)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>");
            }

            html.Append("</table><p>To rotate it, as a Super Admin:</p><pre>").Append(Encode(mail.RotateCommand)).Append("</pre>");
            html.Append("<p>").Append(Encode(Why(mail))).Append("</p></body></html>");
            return html.ToString();
        }

        private static string Headline(ReminderMail mail)
        {
            switch (mail.Stage)
            {
                case ReminderStage.Reminder:
                    return "API key rotation due soon";
                case ReminderStage.RotationDue:
                    return "API key rotation due now";
                default:
                    return "API key rotation overdue";
            }
        }

        private static (string Name, string Value)[] Fields(ReminderMail mail) => new[]
        {
            ("Account", mail.Account),
            ("Kind", mail.Kind.ToString()),
            ("Key id", mail.KeyId),
            ("Key", mail.MaskedKey),
            ("Age", mail.AgeDays.ToString(CultureInfo.InvariantCulture) + " days"),
            ("Rotation due", mail.RotationDueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        };

        private static string Why(ReminderMail mail) =>
            $"You get this mail as {mail.Recipient}: every Super Admin and whoever made or last rotated the key is reminded at day 150, day 180 and every 180 days after while it is not rotated.";

        private static string Encode(string value) => WebUtility.HtmlEncode(value);
    }
}
