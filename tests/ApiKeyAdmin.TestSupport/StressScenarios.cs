using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Verification;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// The modes of <see cref="ChildProgram"/> that the core's process tests of concurrency and crashes start, several
    /// at once against one store, so that races and kills are real processes, not threads. Each speaks in lines on
    /// stdout: "ready" once it is set up, then "ok ..." or "error &lt;ErrorId or type&gt; ..." lines, and never a
    /// secret. Modes that take part in a race wait for a "go" line on stdin after "ready", so that every child starts
    /// its work at the same moment.
    /// </summary>
    internal static class StressScenarios
    {
        /// <summary>The first arguments that name these modes.</summary>
        internal static readonly string[] Modes = { "rotate", "verify", "crash-loop", "hold-lock" };

        private const string Usage = @"usage:
  rotate <store> <key folder> <account> <count> <grace seconds> <publish file>
  verify <store> <key folder> <publish folder> <stop file> <report file>
  crash-loop <store> <key folder> <seed>
  hold-lock <store> <at most milliseconds>";

        /// <summary>Runs the mode that the first argument names and returns the process's exit code.</summary>
        internal static int Run(string[] args)
        {
            try
            {
                switch (args.FirstOrDefault())
                {
                    case "rotate" when args.Length == 7:
                        return Rotate(args[1], args[2], args[3], int.Parse(args[4]), TimeSpan.FromSeconds(int.Parse(args[5])), args[6]);
                    case "verify" when args.Length == 6:
                        return Verify(args[1], args[2], args[3], args[4], args[5]);
                    case "crash-loop" when args.Length == 4:
                        return CrashLoop(args[1], args[2], int.Parse(args[3]));
                    case "hold-lock" when args.Length == 3:
                        return HoldLock(args[1], int.Parse(args[2]));
                    default:
                        Console.Error.WriteLine(Usage);
                        return 2;
                }
            }
            catch (Exception ex)
            {
                // The messages of the core and of SQLite never carry a secret; this line is what the test reports.
                Say($"error {Describe(ex)}");
                return 1;
            }
        }

        // Rotates the account's Standard key count times and appends "<key id> <secret>" to the publish file after each
        // rotation commits, so that verifiers learn every key only once it exists.
        private static int Rotate(string storePath, string keyFolder, string account, int count, TimeSpan grace, string publishFile)
        {
            int failures = 0;
            using (ApiKeyManager manager = Manager(storePath, keyFolder))
            using (var publish = new FileStream(publishFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                manager.RequireStore();
                AwaitGo();
                for (int i = 0; i < count; i++)
                {
                    try
                    {
                        IssuedKey issued = manager.Keys.Rotate(account, KeyKind.Standard, null, grace > TimeSpan.Zero ? grace : (TimeSpan?)null);
                        byte[] line = Encoding.ASCII.GetBytes($"{issued.Key.KeyId} {issued.Secret}\n");
                        publish.Write(line, 0, line.Length);
                        publish.Flush();
                    }
                    catch (ApiKeyAdminException ex)
                    {
                        failures++;
                        Say($"error {Describe(ex)}");
                    }
                }
            }

            Say($"ok rotated={count - failures}");
            return failures == 0 ? 0 : 1;
        }

        // Verifies the newest key each rotator has published, round after round, until the stop file appears; then one
        // last round. Each answer goes to the report with the audit head read after it, so the test can tell whether a
        // refused key had really been ended by then.
        private static int Verify(string storePath, string keyFolder, string publishFolder, string stopFile, string reportFile)
        {
            long verified = 0;
            string callLogError;
            var verifier = new KeyVerifier(new SqliteKeyStore(storePath), new ProtectionKeyFolder(keyFolder));
            using (SqliteConnection head = ReadOnlyConnection(storePath))
            using (var report = new StreamWriter(reportFile, append: false, Encoding.ASCII))
            {
                AwaitGo();
                bool last = false;
                while (true)
                {
                    last = File.Exists(stopFile);
                    foreach (string file in Directory.GetFiles(publishFolder, "*.keys"))
                    {
                        (string keyId, string secret)? newest = NewestPublished(file);
                        if (newest == null)
                        {
                            continue;
                        }

                        VerificationResult result = verifier.Verify(newest.Value.secret, "GET", "/stress", "verifier");
                        long headAfter = AuditHead(head);
                        report.WriteLine($"{newest.Value.keyId} {result.Reason} {(result.KeyId.Length > 0 ? result.KeyId : "-")} {headAfter}");
                        verified++;
                    }

                    if (last)
                    {
                        break;
                    }

                    Thread.Sleep(2);
                }

                verifier.Flush();
                callLogError = verifier.LastCallLogError == null ? "none" : Describe(verifier.LastCallLogError);
                verifier.Dispose();
            }

            Say($"ok verified={verified} calllog-error={callLogError}");
            return 0;
        }

        // Rotates, disables and generates keys of three accounts in a random order until it is killed. "ready" follows a
        // first operation of each kind, so that the kill lands among writes rather than in start-up or in the JIT; "op"
        // and "done" lines around each operation tell the test whether the kill landed inside one. A pause of a
        // millisecond or two between operations lets a second child in: SQLite's busy handler is not a queue, and a
        // writer that takes the lock again the moment it commits can keep another out past the busy timeout.
        private static int CrashLoop(string storePath, string keyFolder, int seed)
        {
            var random = new Random(seed);
            string[] accounts = { "acme", "globex", "initech" };
            using (ApiKeyManager manager = Manager(storePath, keyFolder))
            {
                for (int step = 0; ; step++)
                {
                    string account = accounts[random.Next(accounts.Length)];
                    KeyKind kind = random.Next(4) == 0 ? KeyKind.Developer : KeyKind.Standard;
                    int operation = step < 3 ? step : random.Next(5);
                    Say(step < 3 ? "warm-up" : "op");
                    try
                    {
                        switch (operation)
                        {
                            case 0:
                                manager.Keys.Create(account, kind, "crash loop");
                                break;
                            case 1:
                                manager.Keys.Disable(account, kind, null);
                                break;
                            default:
                                manager.Keys.Rotate(account, kind, null, random.Next(2) == 0 ? TimeSpan.FromHours(1) : (TimeSpan?)null);
                                break;
                        }
                    }
                    catch (ApiKeyAdminException ex) when (ex.ErrorId == "KeyNotFound" || ex.ErrorId == "ActiveKeyExists")
                    {
                        // The random walk asks for what the state does not allow; the refusal is part of the test.
                    }

                    Say(step == 2 ? "ready" : "done");
                    Thread.Sleep(1 + random.Next(2));
                }
            }
        }

        // Holds the write lock, as another writer in the middle of a long transaction does, until "release" arrives on
        // stdin or the time is up.
        private static int HoldLock(string storePath, int milliseconds)
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storePath, Pooling = false }.ToString()))
            {
                connection.Open();
                using (SqliteCommand begin = connection.CreateCommand())
                {
                    begin.CommandText = "BEGIN IMMEDIATE;";
                    begin.ExecuteNonQuery();
                    Say("locked");
                    var release = new Thread(() => Console.ReadLine()) { IsBackground = true };
                    release.Start();
                    release.Join(milliseconds);
                    begin.CommandText = "ROLLBACK;";
                    begin.ExecuteNonQuery();
                }
            }

            Say("released");
            return 0;
        }

        private static ApiKeyManager Manager(string storePath, string keyFolder) =>
            new ApiKeyManager(new SqliteKeyStore(storePath), new TestIdentity(TestStore.Owner), new ProtectionKeyFolder(keyFolder));

        // The last complete line of a publish file; a line still being written has no newline yet.
        private static (string keyId, string secret)? NewestPublished(string file)
        {
            string text;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream, Encoding.ASCII))
            {
                text = reader.ReadToEnd();
            }

            int end = text.LastIndexOf('\n');
            if (end < 0)
            {
                return null;
            }

            int start = text.LastIndexOf('\n', end - 1) + 1;
            string[] parts = text.Substring(start, end - start).Split(' ');
            return parts.Length == 2 ? (parts[0], parts[1]) : ((string, string)?)null;
        }

        private static SqliteConnection ReadOnlyConnection(string storePath)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = storePath,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
                DefaultTimeout = 10,
            }.ToString());
            connection.Open();
            return connection;
        }

        private static long AuditHead(SqliteConnection connection)
        {
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "SELECT seq FROM audit_head WHERE id = 1;";
                return Convert.ToInt64(command.ExecuteScalar());
            }
        }

        private static void AwaitGo()
        {
            Say("ready");
            string line = Console.ReadLine();
            if (line != "go")
            {
                throw new InvalidOperationException($"expected 'go' on stdin, got '{line}'");
            }
        }

        private static string Describe(Exception ex) =>
            ex is ApiKeyAdminException known ? $"{known.ErrorId} {known.Message}" : $"{ex.GetType().Name} {ex.Message}";

        private static void Say(string line)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
