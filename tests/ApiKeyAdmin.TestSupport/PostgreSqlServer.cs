using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Npgsql;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// A throw-away PostgreSQL server for the test run, from Debian's postgresql package: a cluster in a temporary folder,
    /// owned by an unprivileged account when the tests run as root (initdb refuses root), listening on a free loopback
    /// port. A small shell keeps the server and waits on a pipe from this process: when the test process ends, however
    /// it ends, the pipe closes and the shell stops the server and removes its folder. Tests connect as a login role
    /// without superuser, so the store's needs are the documented grants only. When no server can be had,
    /// <see cref="SkipReason"/> says why. A test that takes the server away (an outage) starts one of its own.
    /// </summary>
    internal sealed class PostgreSqlServer : IDisposable
    {
        internal const string Database = "apikeyadmin_tests";
        internal const string Role = "keyadmin";

        private static readonly Lazy<PostgreSqlServer> Shared = new Lazy<PostgreSqlServer>(Start);

        // Starts the server, then holds it until its standard input closes; $1 postgres, $2 data folder, $3 port, $4 folder.
        // Each line read before that stops the server at once ("stop", as a crash does) or starts it again ("start"),
        // and is echoed once done.
        private const string Keeper =
            "run() { \"$1\" -D \"$2\" -p \"$3\" -k \"$4\" -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
            "-c max_connections=300 >>\"$4/server.log\" 2>&1 & server=$!; }; run \"$@\"; " +
            "while read -r verb; do if [ \"$verb\" = start ]; then run \"$@\"; else kill -QUIT $server; wait $server; fi; echo \"$verb\"; done; " +
            "kill -INT $server; wait $server; rm -rf \"$4\"";

        private readonly string folder;
        private readonly string binFolder;
        private readonly string runAs;
        private Process keeper;
        private string superPassword;

        private PostgreSqlServer(string folder, string binFolder, string runAs)
        {
            this.folder = folder;
            this.binFolder = binFolder;
            this.runAs = runAs;
        }

        /// <summary>The server of this test run, started on first use; null when none could be started.</summary>
        internal static PostgreSqlServer Instance => Shared.Value.ConnectionString == null ? null : Shared.Value;

        /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
        internal static string SkipReason => Shared.Value.Unavailable;

        /// <summary>
        /// A server of the caller's own, which it may stop and start again and disposes; null, with the reason in
        /// <paramref name="skipReason"/>, when none could be started.
        /// </summary>
        internal static PostgreSqlServer StartOwn(out string skipReason)
        {
            PostgreSqlServer server = Start();
            skipReason = server.Unavailable;
            return server.ConnectionString == null ? null : server;
        }

        /// <summary>A connection string of the unprivileged role, password included; tests never print it.</summary>
        internal string ConnectionString { get; private set; }

        /// <summary>The role's password, so tests can check that it never shows.</summary>
        internal string Password { get; private set; }

        internal int Port { get; private set; }

        private string Unavailable { get; set; }

        /// <summary>A connection string whose Search Path is <paramref name="schema"/>: one store per test.</summary>
        internal string ForSchema(string schema) =>
            new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;

        /// <summary>Whether a store (or anything else) made the schema.</summary>
        internal bool SchemaExists(string schema) =>
            (long)OnServer("SELECT count(*) FROM pg_namespace WHERE nspname = @s", schema, c => c.ExecuteScalar()) > 0;

        /// <summary>Drops a test's schema with everything in it.</summary>
        internal void DropSchema(string schema) =>
            OnServer("DROP SCHEMA IF EXISTS " + new NpgsqlCommandBuilder().QuoteIdentifier(schema) + " CASCADE", schema, c => c.ExecuteNonQuery());

        /// <summary>
        /// Makes a login role as a DBA would, and nothing more (no privilege on the tests' database beyond CONNECT, which
        /// PUBLIC holds), with a password of its own; returns its connection string for <paramref name="schema"/>.
        /// <see cref="DropLogin"/> removes it.
        /// </summary>
        internal string CreateLogin(string login, string schema)
        {
            string password = NewPassword();
            AsSuperuser(Database, $"CREATE ROLE \"{login}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'");
            return new NpgsqlConnectionStringBuilder(ConnectionString) { Username = login, Password = password, SearchPath = schema, Pooling = false }.ConnectionString;
        }

        /// <summary>Runs one statement as the superuser, as a DBA does, in <paramref name="database"/>.</summary>
        internal void AsSuperuser(string database, string sql)
        {
            var super = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = Port, Username = "postgres", Password = superPassword, Database = database, Pooling = false,
            };
            using (var connection = new NpgsqlConnection(super.ConnectionString))
            {
                connection.Open();
                Execute(connection, sql);
            }
        }

        /// <summary>Drops a login made by <see cref="CreateLogin"/>, with every privilege it was given.</summary>
        internal void DropLogin(string login)
        {
            AsSuperuser(Database, $"DROP OWNED BY \"{login}\"");
            AsSuperuser(Database, $"DROP ROLE \"{login}\"");
        }

        /// <summary>Stops the server at once, as a crash does; <see cref="Restart"/> brings it back on the same port.</summary>
        internal void Crash() => Tell("stop");

        /// <summary>Starts the stopped server again and waits until it accepts connections.</summary>
        internal void Restart()
        {
            Tell("start");
            OpenWhenReady(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString).Dispose();
        }

        /// <summary>Stops the server and removes its folder; the shared server goes when the test process exits.</summary>
        public void Dispose() => Stop();

        private void Tell(string verb)
        {
            keeper.StandardInput.WriteLine(verb);
            keeper.StandardInput.Flush();
            keeper.StandardOutput.ReadLine();
        }

        private T OnServer<T>(string sql, string schema, Func<NpgsqlCommand, T> run)
        {
            using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString))
            {
                connection.Open();
                using (var command = new NpgsqlCommand(sql, connection))
                {
                    command.Parameters.AddWithValue("s", schema);
                    return run(command);
                }
            }
        }

        private static PostgreSqlServer Start()
        {
            string bin = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
                : null;
            if (bin == null)
            {
                return Skipped("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs Debian's postgresql package");
            }

            bool root = Environment.UserName == "root";
            string runAs = root ? "postgres" : null;
            string folder = Path.Combine(Path.GetTempPath(), "apikeyadmin-pg-" + Guid.NewGuid().ToString("N"));
            var server = new PostgreSqlServer(folder, bin, runAs);
            try
            {
                server.Boot(root);
                AppDomain.CurrentDomain.ProcessExit += (s, e) => server.Stop();
                return server;
            }
            catch (Exception ex)
            {
                server.Stop();
                return Skipped("a throw-away PostgreSQL server could not be started: " + ex.Message);
            }
        }

        private static PostgreSqlServer Skipped(string reason) => new PostgreSqlServer(null, null, null) { Unavailable = reason };

        private void Boot(bool root)
        {
            string data = Path.Combine(folder, "data");
            Directory.CreateDirectory(folder);
            superPassword = NewPassword();
            string passwordFile = Path.Combine(folder, "pw");
            File.WriteAllText(passwordFile, superPassword + "\n");
            if (root)
            {
                Run("/bin/chown", "-R", runAs + ":", folder);
            }

            Run(Path.Combine(binFolder, "initdb"), "-D", data, "-U", "postgres", "--pwfile=" + passwordFile, "-A", "scram-sha-256",
                "-E", "UTF8", "--no-sync", "--locale=C");
            File.Delete(passwordFile);
            Port = Ports.Free();
            keeper = Process.Start(Command("/bin/sh", "-c", Keeper, "keeper", Path.Combine(binFolder, "postgres"), data, Port.ToString(), folder));

            var super = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = Port, Username = "postgres", Password = superPassword, Database = "postgres", Pooling = false,
            };
            Password = NewPassword();
            using (NpgsqlConnection connection = OpenWhenReady(super.ConnectionString))
            {
                // The grants docs/postgresql.md asks a DBA for: a login role that may create its schema in one database.
                Execute(connection, $"CREATE ROLE {Role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{Password}'");
                Execute(connection, $"CREATE DATABASE {Database}");
                Execute(connection, $"GRANT CONNECT, CREATE ON DATABASE {Database} TO {Role}");
            }

            ConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = Port, Username = Role, Password = Password, Database = Database, MaxPoolSize = 20,
            }.ConnectionString;
        }

        private static NpgsqlConnection OpenWhenReady(string connectionString)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                var connection = new NpgsqlConnection(connectionString);
                try
                {
                    connection.Open();
                    return connection;
                }
                catch (NpgsqlException) when (watch.Elapsed < TimeSpan.FromSeconds(60))
                {
                    connection.Dispose();
                    System.Threading.Thread.Sleep(100);
                }
            }
        }

        private void Stop()
        {
            if (keeper != null)
            {
                // The keeper stops the server and removes the folder once its input closes.
                keeper.StandardInput.Close();
                keeper.WaitForExit(30_000);
            }
            else if (folder != null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        // Runs as the unprivileged account when there is one; chown is the one program root itself runs.
        private ProcessStartInfo Command(string program, params string[] args)
        {
            bool asOther = runAs != null && program != "/bin/chown";
            var start = new ProcessStartInfo(asOther ? "/usr/sbin/runuser" : program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            if (asOther)
            {
                start.ArgumentList.Add("-u");
                start.ArgumentList.Add(runAs);
                start.ArgumentList.Add("--");
                start.ArgumentList.Add(program);
            }

            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return start;
        }

        private void Run(string program, params string[] args)
        {
            using (Process process = Process.Start(Command(program, args)))
            {
                string output = process.StandardOutput.ReadToEndAsync().Result;
                string error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {error.Trim()} {output.Trim()}".Trim());
                }
            }
        }

        private static void Execute(NpgsqlConnection connection, string sql)
        {
            using (var command = new NpgsqlCommand(sql, connection))
            {
                command.ExecuteNonQuery();
            }
        }

        private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    }
}
