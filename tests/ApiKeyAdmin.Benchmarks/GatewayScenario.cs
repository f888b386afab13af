using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ApiKeyAdmin.TestSupport.Gateway;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// The gateway's cost, all in one run with wrk on loopback: (a) nginx in front of an upstream, no auth; (b) nginx with
    /// auth_request to the service's no-op endpoint; (c) nginx with auth_request to /verify (docs/gateway.md's block);
    /// (d) /verify hit directly against (e) the no-op endpoint. The upstream is an nginx server block answering 200, so
    /// that only the auth step differs between (a), (b) and (c).
    /// </summary>
    internal static class GatewayScenario
    {
        private const string Name = "gateway";
        private const int Connections = 16;

        internal static ResultRow Run(BenchSize size)
        {
            string wrk = new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists);
            string missing = wrk == null ? "wrk is not installed (Debian's wrk; .ci/run installs it)" : ProxyProcess.NginxSkipReason;
            if (missing != null)
            {
                return new ResultRow(Name, "skipped", null, null, "-", null, missing);
            }

            int seconds = Math.Max(1, (int)Math.Ceiling(size.Sustain.TotalSeconds));
            using var store = new GatewayStore();
            IssuedKey key = store.NewKey("bench");
            using GatewayProcess gateway = GatewayProcess.Start(store);
            int apiPort = Ports.Free();
            int plainPort = Ports.Free();
            int noopPort = Ports.Free();
            int verifyPort = Ports.Free();
            string api = $"server {{ listen 127.0.0.1:{apiPort}; location / {{ return 200 \"ok\"; }} }}\n";
            string plain = $"upstream bench_api {{ server 127.0.0.1:{apiPort}; keepalive 32; }}\n" +
                $"server {{ listen 127.0.0.1:{plainPort}; location / {{ proxy_pass http://bench_api; proxy_http_version 1.1; proxy_set_header Connection \"\"; }} }}\n";
            string verifyBlock = DocBlocks.Read("nginx", verifyPort, gateway.Port, apiPort);
            string noopBlock = DocBlocks.Read("nginx", noopPort, gateway.Port, apiPort).Replace("rewrite ^ /verify break;", "rewrite ^ /noop break;", StringComparison.Ordinal);
            using ProxyProcess upstream = ProxyProcess.Nginx(plainPort, api + plain);
            using ProxyProcess noopProxy = ProxyProcess.Nginx(noopPort, noopBlock);
            using ProxyProcess verifyProxy = ProxyProcess.Nginx(verifyPort, verifyBlock);

            string bearer = "Authorization: Bearer " + key.Secret;
            var runs = new (string Label, string Url)[]
            {
                ("a", $"http://127.0.0.1:{plainPort}/orders"),
                ("b", $"http://127.0.0.1:{noopPort}/orders"),
                ("c", $"http://127.0.0.1:{verifyPort}/orders"),
                ("d", $"http://127.0.0.1:{gateway.Port}/verify"),
                ("e", $"http://127.0.0.1:{gateway.Port}/noop"),
            };
            if (size.Name != "tiny")
            {
                // The service's JIT and connection pools warm, as in a service that has been running.
                foreach ((_, string url) in runs)
                {
                    Wrk(wrk, url, bearer, 1);
                }
            }

            // Rounds of all five in turn, each figure the best of its rounds: on a machine shared with other work, a
            // burst of someone else's load then costs one round of one run rather than the comparison.
            int rounds = size.Name == "tiny" ? 1 : 3;
            var results = new Dictionary<string, (double Rps, double P99Ms)>();
            for (int round = 0; round < rounds; round++)
            {
                foreach ((string label, string url) in runs)
                {
                    (double rps, double p99) run = Wrk(wrk, url, bearer, seconds);
                    Fixtures.Log($"gateway ({label}) round {round + 1}: {run.rps:N0}/s, p99 {run.p99:N2} ms");
                    results[label] = results.TryGetValue(label, out var best) ? (Math.Max(best.Rps, run.rps), Math.Min(best.P99Ms, run.p99)) : run;
                }
            }

            (double rps, double p99) a = results["a"], b = results["b"], c = results["c"], d = results["d"], e = results["e"];
            double proxyRatio = c.rps / b.rps;
            double p99Added = c.p99 - b.p99;
            double directRatio = d.rps / e.rps;
            bool pass = proxyRatio >= 0.85 && p99Added < 1 && directRatio >= 0.8;
            string note = string.Join("; ", results.Select(r => $"({r.Key}) {ResultRow.Rate(r.Value.Rps)}, p99 {ResultRow.Ms(r.Value.P99Ms)}")) +
                $"; (c)/(b) {proxyRatio:0.00} (target >= 0.85), p99(c) - p99(b) {ResultRow.Ms(p99Added)} (target < 1 ms), " +
                $"(d)/(e) {directRatio:0.00} (target >= 0.8); best of {rounds} rounds of wrk -t1 -c{Connections} -d{seconds}s on loopback, {Environment.ProcessorCount} cores shared by wrk, nginx and the service";
            return new ResultRow(Name, $"(c) nginx + /verify {ResultRow.Rate(c.rps)}, p99 {ResultRow.Ms(c.p99)}",
                $"(b) nginx + /noop {ResultRow.Rate(b.rps)}, p99 {ResultRow.Ms(b.p99)}", proxyRatio,
                ">= 0.85x rps, p99 +< 1 ms; (d) >= 0.8x (e)", pass, note);
        }

        // One wrk run: requests per second and the 99th percentile latency in milliseconds.
        private static (double Rps, double P99Ms) Wrk(string wrk, string url, string header, int seconds)
        {
            var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { "-t1", "-c" + Connections, $"-d{seconds}s", "--latency", "-H", header, url })
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start);
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Match rps = Regex.Match(output, @"Requests/sec:\s+([0-9.]+)");
            Match p99 = Regex.Match(output, @"\s99%\s+([0-9.]+)(us|ms|s)\b");
            Match errors = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)");
            if (process.ExitCode != 0 || !rps.Success || !p99.Success || errors.Success)
            {
                throw new InvalidOperationException($"wrk against {url} did not give a clean run (exit {process.ExitCode}):\n{output}{process.StandardError.ReadToEnd()}");
            }

            double latency = double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture);
            double ms = p99.Groups[2].Value switch { "us" => latency / 1000, "s" => latency * 1000, _ => latency };
            return (double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture), ms);
        }
    }
}
