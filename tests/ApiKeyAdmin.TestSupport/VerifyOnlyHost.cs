using System;
using System.Diagnostics;
using System.IO;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// An API host that only verifies, as docs/postgresql.md sets one up: <see cref="ChildProgram"/> in a process of its
    /// own, connected as a Verify login, with its own empty HOME and XDG folders (so no key file, and no pin until it meets
    /// the store), and the embedded verifier as a service runs it, batching its call rows. The parent sends one
    /// "&lt;path&gt; &lt;key&gt;" line per call on the child's standard input, never its command line; the child answers
    /// each with the verification's reason once the call row is written, and never prints a key.
    /// </summary>
    internal sealed class VerifyOnlyHost : IDisposable
    {
        /// <summary>The child's scenario name.</summary>
        internal const string Scenario = "verify-only-postgresql";

        /// <summary>The client address the child records on every call.</summary>
        internal const string ClientAddress = "192.0.2.7";

        private readonly Process process;

        private VerifyOnlyHost(Process process, string root)
        {
            this.process = process;
            Root = root;
        }

        /// <summary>The child's folders: home/, config/ ($XDG_CONFIG_HOME, where a key file would be), state/, data/.</summary>
        internal string Root { get; }

        /// <summary>Its $XDG_CONFIG_HOME, the folder the module's hosts look in for key files.</summary>
        internal string ConfigHome => Path.Combine(Root, "config");

        /// <summary>Its $XDG_STATE_HOME, where it pins the store's signing key and audit head.</summary>
        internal string StateHome => Path.Combine(Root, "state");

        /// <summary>Starts the host under <paramref name="parent"/> with a connection string handed over in its environment.</summary>
        internal static VerifyOnlyHost Start(string parent, string connectionString)
        {
            string root = Path.Combine(parent, "verify-only-" + Guid.NewGuid().ToString("N"));
            ProcessStartInfo start = ChildProgram.HostStart(Scenario);
            foreach ((string variable, string folder) in new[]
            {
                ("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"), ("XDG_DATA_HOME", "data"),
            })
            {
                Directory.CreateDirectory(Path.Combine(root, folder));
                start.Environment[variable] = Path.Combine(root, folder);
            }

            start.Environment.Remove("APIKEYADMIN_STORE");
            start.Environment.Remove("APIKEYADMIN_CONNECTION");
            start.Environment[ChildProgram.ConnectionVariable] = connectionString;
            return new VerifyOnlyHost(Process.Start(start), root);
        }

        /// <summary>Has the host verify <paramref name="key"/> as a call to <paramref name="path"/>; returns its answer.</summary>
        internal string Verify(string path, string key)
        {
            process.StandardInput.WriteLine(path + " " + key);
            process.StandardInput.Flush();
            string answer = process.StandardOutput.ReadLine();
            Assert.True(answer != null, $"the verify-only host ended (exit {(process.HasExited ? process.ExitCode : -1)}): {Errors()}");
            return answer;
        }

        /// <summary>Closes the host's input and returns its last line ("ok" when it ended well).</summary>
        internal string Stop()
        {
            process.StandardInput.Close();
            string last = process.StandardOutput.ReadToEnd().Trim();
            Assert.True(process.WaitForExit(30_000), "the verify-only host did not end in time");
            return last.Length > 0 ? last : $"nothing (exit {process.ExitCode}): {Errors()}";
        }

        public void Dispose()
        {
            Cleanup.End(process);
            Cleanup.RemoveFolder(Root);
        }

        /// <summary>The child's side: verifies each line of its input until the input closes.</summary>
        internal static int Run()
        {
            try
            {
                // The defaults of a host's OS user, as the gateway takes them: here empty folders, so nothing is handed over.
                using (var verifier = new KeyVerifier(new PostgreSqlKeyStore(Environment.GetEnvironmentVariable(ChildProgram.ConnectionVariable)),
                    ProtectionKeyFolder.ForCurrentUser()))
                {
                    string line;
                    while ((line = Console.In.ReadLine()) != null)
                    {
                        int space = line.IndexOf(' ');
                        VerificationResult result = verifier.Verify(line.Substring(space + 1), "GET", line.Substring(0, space), ClientAddress);
                        verifier.Flush();
                        Console.WriteLine(verifier.LastCallLogError == null ? result.Reason.ToString() : $"unlogged {result.Reason}");
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

        private string Errors() => process.HasExited ? process.StandardError.ReadToEnd().Trim() : string.Empty;
    }
}
