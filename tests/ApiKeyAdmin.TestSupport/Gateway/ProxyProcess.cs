using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ApiKeyAdmin.TestSupport.Gateway
{
    /// <summary>
    /// Real nginx or Caddy from Debian's packages, started on a free loopback port with a configuration written to a temp
    /// folder of its own (pid, logs, temp files and Caddy's HOME there too), killed and removed on dispose.
    /// </summary>
    internal sealed class ProxyProcess : IDisposable
    {
        private static readonly object LogLock = new object();
        private readonly Process process;
        private readonly string folder;

        private ProxyProcess(Process process, string folder, int port)
        {
            this.process = process;
            this.folder = folder;
            Port = port;
        }

        /// <summary>The proxy's listening port.</summary>
        internal int Port { get; }

        /// <summary>The proxy's base address.</summary>
        internal Uri Address => new Uri($"http://127.0.0.1:{Port}");

        /// <summary>Why nginx tests cannot run here, or null when nginx is installed.</summary>
        internal static string NginxSkipReason => Find("nginx") == null ? "nginx is not installed (Debian's nginx-light; .ci/run installs it)" : null;

        /// <summary>Why Caddy tests cannot run here, or null when Caddy is installed.</summary>
        internal static string CaddySkipReason => Find("caddy") == null ? "caddy is not installed (Debian's caddy; .ci/run installs it)" : null;

        /// <summary>nginx with an http-level block (from docs/gateway.md, or the benchmark's) inside a minimal main config.</summary>
        internal static ProxyProcess Nginx(int port, string httpBlock)
        {
            string folder = NewFolder("nginx");
            string conf = Path.Combine(folder, "nginx.conf");
            File.WriteAllText(conf, $@"daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{httpBlock}
}}
");
            return Start(Find("nginx"), folder, port, "-p", folder, "-c", conf, "-e", Path.Combine(folder, "error.log"));
        }

        /// <summary>Caddy with a site block (from docs/gateway.md) behind the tests' global options.</summary>
        internal static ProxyProcess Caddy(int port, string siteBlock)
        {
            string folder = NewFolder("caddy");
            string caddyfile = Path.Combine(folder, "Caddyfile");
            File.WriteAllText(caddyfile, "{\n\tadmin off\n\tauto_https off\n}\n\n" + siteBlock);
            return Start(Find("caddy"), folder, port, "run", "--config", caddyfile, "--adapter", "caddyfile");
        }

        /// <summary>What the proxy logged, for a failing assertion's message.</summary>
        internal string Log()
        {
            string errorLog = Path.Combine(folder, "error.log");
            return File.Exists(errorLog) ? File.ReadAllText(errorLog) : string.Empty;
        }

        public void Dispose()
        {
            Cleanup.End(process);
            Cleanup.RemoveFolder(folder);
        }

        private static ProxyProcess Start(string program, string folder, int port, params string[] args)
        {
            var start = new ProcessStartInfo(program)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            // Caddy keeps its state under HOME and the XDG folders: the temp folder, never the user's own.
            start.Environment["HOME"] = folder;
            start.Environment["XDG_DATA_HOME"] = Path.Combine(folder, "data");
            start.Environment["XDG_CONFIG_HOME"] = Path.Combine(folder, "config");
            Process process = Process.Start(start);
            process.OutputDataReceived += (s, e) => Append(folder, e.Data);
            process.ErrorDataReceived += (s, e) => Append(folder, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var proxy = new ProxyProcess(process, folder, port);
            if (!Ports.WaitForListener(port) || process.HasExited)
            {
                string log = proxy.Log();
                proxy.Dispose();
                throw new InvalidOperationException($"{Path.GetFileName(program)} did not listen on {port}:\n{log}");
            }

            return proxy;
        }

        private static void Append(string folder, string line)
        {
            if (line != null)
            {
                lock (LogLock)
                {
                    File.AppendAllText(Path.Combine(folder, "error.log"), line + "\n");
                }
            }
        }

        private static string NewFolder(string name)
        {
            string folder = Path.Combine(Path.GetTempPath(), "ApiKeyAdmin.Gateway.Tests", name + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return folder;
        }

        private static string Find(string program) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(new[] { "/usr/sbin", "/usr/bin" })
                .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }
}
