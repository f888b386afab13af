using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>The peers whose forwarding headers are believed: a request from anyone else speaks only for itself.</summary>
    internal sealed class TrustedProxies
    {
        private static readonly string[] Loopback = { "127.0.0.0/8", "::1/128" };
        private readonly IReadOnlyList<IPNetwork> networks;

        /// <summary>The configured proxies; loopback when <paramref name="entries"/> is null or empty.</summary>
        internal TrustedProxies(IReadOnlyCollection<string> entries)
        {
            networks = (entries == null || entries.Count == 0 ? Loopback : entries).Select(Parse).ToList();
        }

        /// <summary>True when the peer is one of the configured proxies.</summary>
        internal bool Trust(IPAddress peer)
        {
            if (peer == null)
            {
                return false;
            }

            IPAddress address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
            foreach (IPNetwork network in networks)
            {
                if (network.Contains(address))
                {
                    return true;
                }
            }

            return false;
        }

        private static IPNetwork Parse(string entry)
        {
            if (IPNetwork.TryParse(entry, out IPNetwork network))
            {
                return network;
            }

            if (IPAddress.TryParse(entry, out IPAddress address))
            {
                return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            }

            throw new FormatException($"ApiKeyAdmin:TrustedProxies: '{entry}' is neither an address nor a CIDR range.");
        }
    }
}
