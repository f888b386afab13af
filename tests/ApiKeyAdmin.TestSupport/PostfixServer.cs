using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// A real MTA for a test: Debian's postfix, started with a private configuration folder and spool under a temporary
    /// folder, listening on a free loopback port, offering no TLS, and delivering mail for the given users of example.com
    /// to a Maildir each in that folder (others of the domain are unknown users), logging to postfix.log there. Postfix starts only as root (as CI runs); elsewhere, or without postfix, <see cref="SkipReason"/>
    /// says why. Disposing stops this instance alone (postfix -c its folder stop) and removes the folder.
    /// </summary>
    internal sealed class PostfixServer : IDisposable
    {
        /// <summary>The domain whose mail it keeps.</summary>
        internal const string Domain = "example.com";

        private const string Postfix = "/usr/sbin/postfix";
        private readonly string folder;
        private readonly bool started;

        internal PostfixServer(params string[] users)
        {
            SkipReason = !File.Exists(Postfix) ? $"postfix is not installed ({Postfix}); apt-get install postfix"
                : !OperatingSystem.IsLinux() || Environment.UserName != "root" ? "postfix starts only as root, and this test does not run as root"
                : !UserExists("postfix") ? "the postfix user does not exist"
                : null;
            if (SkipReason != null)
            {
                return;
            }

            folder = Directory.CreateTempSubdirectory("apikeyadmin-postfix-").FullName;
            Port = Ports.Free();
            string etc = Directory.CreateDirectory(Path.Combine(folder, "etc")).FullName;
            string data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
            string mail = Directory.CreateDirectory(Path.Combine(folder, "mail")).FullName;
            Directory.CreateDirectory(Path.Combine(folder, "spool"));
            Run("chmod", "755", folder);
            Run("chown", "postfix", data);
            Run("chown", "65534:65534", mail);
            File.WriteAllText(Path.Combine(etc, "main.cf"), string.Join("\n", new[]
            {
                "compatibility_level = 3.6",
                $"queue_directory = {folder}/spool",
                $"data_directory = {data}",
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = mta.test",
                "mydestination =",
                // No client may relay, so a recipient outside example.com is refused at RCPT: a failed delivery.
                "mynetworks = 192.0.2.1/32",
                "alias_maps =",
                "alias_database =",
                "smtpd_tls_security_level = none",
                $"virtual_mailbox_domains = {Domain}",
                $"virtual_mailbox_base = {mail}",
                $"virtual_mailbox_maps = texthash:{etc}/mailboxes",
                "virtual_uid_maps = static:65534",
                "virtual_gid_maps = static:65534",
                "virtual_minimum_uid = 100",
                $"maillog_file = {folder}/postfix.log",
                $"maillog_file_prefixes = {folder}",
            }) + "\n");
            // A Maildir (the trailing slash) named after each user; postfix allows no pattern that would make one per user.
            File.WriteAllLines(Path.Combine(etc, "mailboxes"), users.Select(u => $"{u}@{Domain} {u}/"));
            File.WriteAllLines(Path.Combine(etc, "master.cf"), File.ReadAllLines("/etc/postfix/master.cf")
                .Select(line => line.StartsWith("smtp ", StringComparison.Ordinal) && line.Contains(" inet ") ? $"127.0.0.1:{Port} inet n - n - - smtpd" : line));
            string error = Run(Postfix, "-c", etc, "start");
            started = error == null;
            SkipReason = error != null ? $"postfix did not start: {error}"
                : !Ports.WaitForListener(Port) ? $"postfix started but nothing listens on port {Port}"
                : null;
        }

        /// <summary>Why no server runs, or null when one does.</summary>
        internal string SkipReason { get; }

        /// <summary>The loopback port its SMTP server listens on.</summary>
        internal int Port { get; }

        /// <summary>The raw messages delivered so far to <paramref name="user"/>@example.com, oldest first.</summary>
        internal IReadOnlyList<string> Mailbox(string user)
        {
            string fresh = Path.Combine(folder, "mail", user, "new");
            return Directory.Exists(fresh)
                ? Directory.GetFiles(fresh).Select(f => (File: f, Time: File.GetLastWriteTimeUtc(f))).OrderBy(f => f.Time).ThenBy(f => f.File, StringComparer.Ordinal)
                    .Select(f => File.ReadAllText(f.File)).ToList()
                : new List<string>();
        }

        /// <summary>Waits up to <paramref name="timeout"/> until <paramref name="user"/> holds <paramref name="count"/> messages, and returns them.</summary>
        internal IReadOnlyList<string> WaitForMail(string user, int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            IReadOnlyList<string> mails = Mailbox(user);
            while (mails.Count < count && clock.Elapsed < timeout)
            {
                System.Threading.Thread.Sleep(100);
                mails = Mailbox(user);
            }

            return mails;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            if (started)
            {
                Run(Postfix, "-c", Path.Combine(folder, "etc"), "stop");
            }

            if (folder != null)
            {
                Cleanup.RemoveFolder(folder);
            }
        }

        private static bool UserExists(string name) => File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));

        // Null when the program succeeded, else what it said.
        private static string Run(string program, params string[] args)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start);
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{program} exited with {process.ExitCode}: {output.Trim()}";
        }
    }
}
