using System;
using System.IO;
using System.Text.RegularExpressions;

namespace ApiKeyAdmin.TestSupport.Gateway
{
    /// <summary>
    /// The proxy configurations of docs/gateway.md, read from the page itself, so that the page shows exactly what the
    /// tests run. The page's addresses (proxy 8080, gateway 8001, API 9000) are replaced with the test's ports.
    /// </summary>
    internal static class DocBlocks
    {
        private const string DocProxy = "127.0.0.1:8080";
        private const string DocGateway = "127.0.0.1:8001";
        private const string DocApi = "127.0.0.1:9000";

        /// <summary>The page's one fenced block with this info string (nginx, caddyfile), with the test's ports.</summary>
        internal static string Read(string info, int proxyPort, int gatewayPort, int apiPort)
        {
            string page = File.ReadAllText(Repo.GatewayDoc);
            MatchCollection blocks = Regex.Matches(page, "^```" + Regex.Escape(info) + "\n(.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline);
            if (blocks.Count != 1)
            {
                throw new InvalidOperationException($"docs/gateway.md has {blocks.Count} ```{info} blocks; the tests run exactly one.");
            }

            string block = blocks[0].Groups[1].Value;
            foreach (string address in new[] { DocProxy, DocGateway, DocApi })
            {
                if (!block.Contains(address, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The ```{info} block of docs/gateway.md no longer names {address}.");
                }
            }

            return block.Replace(DocProxy, "127.0.0.1:" + proxyPort, StringComparison.Ordinal)
                .Replace(DocGateway, "127.0.0.1:" + gatewayPort, StringComparison.Ordinal)
                .Replace(DocApi, "127.0.0.1:" + apiPort, StringComparison.Ordinal);
        }
    }
}
