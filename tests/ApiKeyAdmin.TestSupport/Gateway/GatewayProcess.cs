using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace ApiKeyAdmin.TestSupport.Gateway
{
    /// <summary>
    /// The built service started as its users start it (dotnet out/ApiKeyAdmin.Gateway/ApiKeyAdmin.Gateway.dll --urls …)
    /// in a child process, over a test store; stopped with SIGTERM, as systemd stops it.
    /// </summary>
    internal sealed class GatewayProcess : IDisposable
    {
        private const int SigTerm = 15;
        private readonly Process process;
        private readonly StringBuilder output = new StringBuilder();

        private GatewayProcess(Process process, int port, int? grpcPort)
        {
            this.process = process;
            Port = port;
            GrpcPort = grpcPort;
            process.OutputDataReceived += (s, e) => Append(e.Data);
            process.ErrorDataReceived += (s, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        /// <summary>The HTTP contract's port.</summary>
        internal int Port { get; }

        /// <summary>The gRPC (h2c) port, when one was asked for.</summary>
        internal int? GrpcPort { get; }

        /// <summary>The service's base address.</summary>
        internal Uri Address => new Uri($"http://127.0.0.1:{Port}");

        /// <summary>What the service wrote to stdout and stderr so far.</summary>
        internal string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        internal bool HasExited => process.HasExited;

        internal int ExitCode => process.ExitCode;

        /// <summary>Starts the service without waiting for it, for a test of how it refuses to start.</summary>
        internal static GatewayProcess Launch(IReadOnlyDictionary<string, string> environment, bool grpc = false, params string[] args)
        {
            int port = Ports.Free();
            int? grpcPort = grpc ? Ports.Free() : (int?)null;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { Repo.GatewayDll, "--urls", $"http://127.0.0.1:{port}" })
            {
                start.ArgumentList.Add(arg);
            }

            if (grpcPort.HasValue)
            {
                start.ArgumentList.Add("--ApiKeyAdmin:GrpcUrl");
                start.ArgumentList.Add($"http://127.0.0.1:{grpcPort}");
            }

            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment.Remove("APIKEYADMIN_STORE");
            start.Environment.Remove("APIKEYADMIN_CONNECTION");
            foreach (KeyValuePair<string, string> variable in environment)
            {
                start.Environment[variable.Key] = variable.Value;
            }

            return new GatewayProcess(Process.Start(start), port, grpcPort);
        }

        /// <summary>Starts the service over a test store and waits until /healthz answers 200.</summary>
        internal static GatewayProcess Start(GatewayStore store, bool grpc = false, params string[] args) =>
            StartWith(store.Environment, grpc, args);

        /// <summary>Starts the service with the given environment and waits until /healthz answers 200.</summary>
        internal static GatewayProcess StartWith(IReadOnlyDictionary<string, string> environment, bool grpc = false, params string[] args)
        {
            GatewayProcess gateway = Launch(environment, grpc, args);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (gateway.HasExited)
                {
                    throw new InvalidOperationException($"The gateway exited with {gateway.ExitCode}:\n{gateway.Output}");
                }

                try
                {
                    if (client.GetAsync(new Uri(gateway.Address, "/healthz")).Result.IsSuccessStatusCode)
                    {
                        return gateway;
                    }
                }
                catch (AggregateException ex) when (ex.InnerException is HttpRequestException || ex.InnerException is System.Threading.Tasks.TaskCanceledException)
                {
                    // Not listening yet.
                }

                Thread.Sleep(100);
            }

            gateway.Dispose();
            throw new TimeoutException("The gateway did not answer /healthz within 60 s:\n" + gateway.Output);
        }

        /// <summary>Sends SIGTERM and waits for the service to exit; returns its exit code.</summary>
        internal int Terminate()
        {
            if (!process.HasExited)
            {
                kill(process.Id, SigTerm);
                if (!process.WaitForExit(30_000))
                {
                    throw new TimeoutException("The gateway did not exit within 30 s of SIGTERM:\n" + Output);
                }
            }

            process.WaitForExit();
            return process.ExitCode;
        }

        /// <summary>Waits for a service that is expected to stop by itself, and for the last of its output.</summary>
        internal bool WaitForExit(int milliseconds)
        {
            if (!process.WaitForExit(milliseconds))
            {
                return false;
            }

            // Only the wait without a timeout also waits for the redirected output to be read to its end.
            process.WaitForExit();
            return true;
        }

        public void Dispose() => Cleanup.End(process);

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        private void Append(string line)
        {
            if (line != null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }
}
