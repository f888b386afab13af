using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Storage.Sqlite;
using Xunit;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// The test support assembly is also the one child program of the tests. Tests of file permissions run their subject
    /// in it as an unprivileged user (CI runs as root, whom no mode bit stops); it then prints one line: "ok", or
    /// "ErrorId=..." for the core error it met, and never a secret. The multi-host tests run PostgreSQL hosts in it, the
    /// least-privilege tests a <see cref="VerifyOnlyHost"/>, and the core's process tests its <see cref="StressScenarios"/>.
    /// </summary>
    public static class ChildProgram
    {
        /// <summary>Folder (under the scenario's root) that the child owns.</summary>
        internal const string HomeFolder = "home";

        /// <summary>Folder (under the scenario's root) that the child may read but not write.</summary>
        internal const string ReadOnlyFolder = "readonly";

        /// <summary>The scenario of a host that rotates a PostgreSQL store's "acme" key; its argument is the key folder.</summary>
        internal const string RotateScenario = "rotate-postgresql";

        /// <summary>
        /// The scenario of a host that verifies a PostgreSQL store's "acme" keys until its standard input closes; its
        /// argument is the key folder. It prints "learned &lt;key id&gt;" for each key it reveals, "refused &lt;key id&gt;
        /// &lt;monotonic timestamp&gt;" the first time it refuses one, "violation ..." for a refusal of a key that still
        /// verifies, and "ok &lt;verifications&gt;" at the end; never a secret.
        /// </summary>
        internal const string VerifyScenario = "verify-postgresql";

        /// <summary>Where a rotating host finds its connection string: the environment, never the command line that others can read.</summary>
        internal const string ConnectionVariable = "APIKEYADMIN_TEST_CONNECTION";

        /// <summary>How many times each rotating host rotates.</summary>
        internal const int Rotations = 25;

        /// <summary>
        /// How a test starts this program as another host: with the test process's dotnet, its standard streams
        /// redirected (input too, for hosts that run until it closes) and the given arguments.
        /// </summary>
        internal static ProcessStartInfo HostStart(params string[] args)
        {
            var start = new ProcessStartInfo(UnprivilegedChild.DotnetHost)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(ChildProgram).Assembly.Location);
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            return start;
        }

        [UnsupportedOSPlatform("windows")]
        public static int Main(string[] args)
        {
            if (args.Length > 0 && StressScenarios.Modes.Contains(args[0]))
            {
                return StressScenarios.Run(args);
            }

            if (args.Length == 1 && args[0] == VerifyOnlyHost.Scenario)
            {
                return VerifyOnlyHost.Run();
            }

            if (args.Length != 2)
            {
                Console.Error.WriteLine($"usage: ApiKeyAdmin.TestSupport <scenario> <root folder>, {VerifyOnlyHost.Scenario}, or one of: {string.Join(", ", StressScenarios.Modes)}");
                return 2;
            }

            if (args[0] == RotateScenario)
            {
                return RotateOnPostgreSql(args[1]);
            }

            if (args[0] == VerifyScenario)
            {
                return VerifyOnPostgreSql(args[1]);
            }

            string root = args[1];
            string home = Path.Combine(root, HomeFolder);
            try
            {
                // Proof that this process really is held back by mode bits; without it the scenario proves nothing.
                try
                {
                    File.WriteAllText(Path.Combine(root, ReadOnlyFolder, "probe"), string.Empty);
                    Console.WriteLine("privileged: the read-only folder could be written");
                    return 3;
                }
                catch (UnauthorizedAccessException)
                {
                }

                switch (args[0])
                {
                    case "new-store-in-read-only-folder":
                        using (ApiKeyManager manager = Manager(Path.Combine(root, ReadOnlyFolder, "apikeys.db"), home))
                        {
                            manager.Keys.Create("acme", KeyKind.Standard, null);
                        }

                        break;

                    case "store-in-folder-made-read-only":
                        string data = Path.Combine(home, "data");
                        using (ApiKeyManager manager = Manager(Path.Combine(data, "apikeys.db"), home))
                        {
                            manager.Keys.Create("acme", KeyKind.Standard, null);
                        }

                        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                        return WriteOnce(Path.Combine(data, "apikeys.db"), home);

                    case "read-only-store-file":
                        string file = Path.Combine(home, "data", "apikeys.db");
                        using (ApiKeyManager manager = Manager(file, home))
                        {
                            manager.Keys.Create("acme", KeyKind.Standard, null);
                        }

                        File.SetUnixFileMode(file, UnixFileMode.UserRead);
                        return WriteOnce(file, home);

                    case "store-in-closed-folder":
                        return ReadBehindClosedFolder(Path.Combine(home, "closed"), home);

                    default:
                        Console.Error.WriteLine($"unknown scenario {args[0]}");
                        return 2;
                }

                Console.WriteLine("ok");
                return 0;
            }
            catch (ApiKeyAdminException ex)
            {
                Console.WriteLine($"ErrorId={ex.ErrorId}");
                return 1;
            }
        }

        // One host of the multi-host test: a process of its own, with its own connection pool, rotating as the owner.
        private static int RotateOnPostgreSql(string keyFolder)
        {
            try
            {
                using (var manager = new ApiKeyManager(
                    new PostgreSqlKeyStore(Environment.GetEnvironmentVariable(ConnectionVariable)), new TestIdentity(TestStore.Owner),
                    new ApiKeyAdmin.Secrets.ProtectionKeyFolder(keyFolder)))
                {
                    for (int i = 0; i < Rotations; i++)
                    {
                        manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromHours(1));
                    }
                }

                Console.WriteLine("ok");
                return 0;
            }
            catch (ApiKeyAdminException ex)
            {
                Console.WriteLine($"ErrorId={ex.ErrorId}");
                return 1;
            }
        }

        // A verifying host of the multi-host test: its own process and pool. It learns the account's keys by revealing them
        // as the owner (every 50 ms) and verifies every key it knows, over and over, until the parent closes its input.
        private static int VerifyOnPostgreSql(string keyFolder)
        {
            string connection = Environment.GetEnvironmentVariable(ConnectionVariable);
            var folder = new ApiKeyAdmin.Secrets.ProtectionKeyFolder(keyFolder);
            var known = new Dictionary<string, string>();
            var refused = new HashSet<string>();
            long verifications = 0;
            try
            {
                // On a thread of its own: Console.In's ReadLineAsync blocks its caller.
                System.Threading.Tasks.Task<string> stop = System.Threading.Tasks.Task.Run(() => Console.In.ReadLine());
                using (var manager = new ApiKeyManager(new PostgreSqlKeyStore(connection), new TestIdentity(TestStore.Owner), folder))
                using (var verifier = new ApiKeyAdmin.Verification.KeyVerifier(new PostgreSqlKeyStore(connection), folder))
                {
                    var sinceReveal = Stopwatch.StartNew();
                    bool reveal = true;
                    while (!stop.IsCompleted)
                    {
                        if (reveal || sinceReveal.ElapsedMilliseconds >= 50)
                        {
                            foreach (IssuedKey key in manager.Keys.Reveal(new KeyQuery { Accounts = new[] { "acme" } }).Keys)
                            {
                                if (known.TryAdd(key.Key.KeyId, key.Secret))
                                {
                                    Console.WriteLine($"learned {key.Key.KeyId}");
                                }
                            }

                            sinceReveal.Restart();
                            reveal = false;
                        }

                        foreach (KeyValuePair<string, string> key in known.Where(k => !refused.Contains(k.Key)).ToList())
                        {
                            VerificationResult result = verifier.Verify(key.Value, "GET", "/", "192.0.2.1");
                            verifications++;
                            if (result.IsValid)
                            {
                                continue;
                            }

                            long at = Stopwatch.GetTimestamp();
                            refused.Add(key.Key);
                            // A status only moves forward (Active, Expiring, Deactivated): a key that still verifies in
                            // the store after this refusal verified at the moment of it too.
                            KeyStatus now = manager.Keys.List(new KeyQuery { KeyId = key.Key, IncludeInactive = true }).Keys.Single().Key.Status;
                            if (now != KeyStatus.Deactivated)
                            {
                                Console.WriteLine($"violation {key.Key} was refused as {result.Reason} while {now}");
                            }

                            Console.WriteLine($"refused {key.Key} {at}");
                        }

                        System.Threading.Thread.Sleep(2);
                    }
                }

                Console.WriteLine($"ok {verifications}");
                return 0;
            }
            catch (ApiKeyAdminException ex)
            {
                Console.WriteLine($"ErrorId={ex.ErrorId}");
                return 1;
            }
        }

        // Tries one more key and reports the error met, and whether the store file changed on the way.
        [UnsupportedOSPlatform("windows")]
        private static int WriteOnce(string storePath, string home)
        {
            byte[] before = File.ReadAllBytes(storePath);
            string outcome = "ok";
            try
            {
                using (ApiKeyManager manager = Manager(storePath, home))
                {
                    manager.Keys.Create("beta", KeyKind.Standard, null);
                }
            }
            catch (ApiKeyAdminException ex)
            {
                outcome = $"ErrorId={ex.ErrorId}";
            }

            bool unchanged = System.Linq.Enumerable.SequenceEqual(before, File.ReadAllBytes(storePath));
            Console.WriteLine(outcome + (unchanged ? string.Empty : "; the store file changed"));
            return outcome == "ok" ? 0 : 1;
        }

        // Makes a store, closes its folder to everyone (its owner included; root alone could still enter) and reports what
        // a read, a write, the role list and the verifier each met, as "ErrorId/Kind" in that order.
        [UnsupportedOSPlatform("windows")]
        private static int ReadBehindClosedFolder(string folder, string home)
        {
            string storePath = Path.Combine(folder, "apikeys.db");
            using (ApiKeyManager manager = Manager(storePath, home))
            {
                manager.Keys.Create("acme", KeyKind.Standard, null);
            }

            File.SetUnixFileMode(folder, UnixFileMode.None);
            var outcomes = new List<string>();
            try
            {
                foreach (Action<ApiKeyManager> attempt in new Action<ApiKeyManager>[]
                {
                    m => m.Keys.List(new KeyQuery()),
                    m => m.Keys.Create("beta", KeyKind.Standard, null),
                    m => m.Roles.List(),
                    m => new Verification.KeyVerifier(new SqliteKeyStore(storePath, TestStore.Options()),
                        new ApiKeyAdmin.Secrets.ProtectionKeyFolder(Path.Combine(home, "config", "keys")), new Verification.KeyVerifierOptions { BatchCalls = false },
                        new HostState.HostStateFolder(Path.Combine(home, "state"))).Verify("aks_x"),
                })
                {
                    try
                    {
                        using (ApiKeyManager manager = Manager(storePath, home))
                        {
                            attempt(manager);
                        }

                        outcomes.Add("ok");
                    }
                    catch (ApiKeyAdminException ex)
                    {
                        outcomes.Add($"{ex.ErrorId}/{ex.Kind}");
                    }
                }
            }
            finally
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Console.WriteLine(string.Join(" ", outcomes));
            return 0;
        }

        private static ApiKeyManager Manager(string storePath, string home) => new ApiKeyManager(
            new SqliteKeyStore(storePath, TestStore.Options()), new TestIdentity("child"),
            new ApiKeyAdmin.Secrets.ProtectionKeyFolder(Path.Combine(home, "config", "keys")), new TestClock());
    }
}
