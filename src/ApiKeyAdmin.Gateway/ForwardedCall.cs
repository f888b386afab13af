using System;
using System.Net;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>
    /// The call a proxy asks about, read from the headers it sends, whichever proxy it is: the presented key, the
    /// original method and path, the client's address and the scopes the route requires.
    /// </summary>
    internal sealed class ForwardedCall
    {
        /// <summary>The query parameter that carries a key in the URI, HubSpot's own name.</summary>
        private const string KeyQueryParameter = "hapikey";

        private static readonly char[] ScopeSeparators = { ' ', ',' };

        private ForwardedCall(string key, string method, string path, string clientAddress, string[] requiredScopes)
        {
            Key = key;
            Method = method;
            Path = path;
            ClientAddress = clientAddress;
            RequiredScopes = requiredScopes;
        }

        /// <summary>The presented key, or null when none was presented.</summary>
        internal string Key { get; }

        /// <summary>The original request's method, or null when the proxy did not say.</summary>
        internal string Method { get; }

        /// <summary>The original request's path without its query string, or null when the proxy did not say.</summary>
        internal string Path { get; }

        /// <summary>The client's address: the forwarded one when the peer is a trusted proxy, else the peer's own.</summary>
        internal string ClientAddress { get; }

        /// <summary>The scopes the route requires; empty when it requires none.</summary>
        internal string[] RequiredScopes { get; }

        /// <summary>
        /// Reads a call. <paramref name="header"/> looks a request header up by its lower-case name (null when absent);
        /// <paramref name="target"/> is the original request's path and query string.
        /// </summary>
        internal static ForwardedCall Read(Func<string, string> header, string method, string target, IPAddress peer, string fallbackClient, TrustedProxies proxies, string requiredScope = null)
        {
            string path = target;
            string query = null;
            int question = target?.IndexOf('?') ?? -1;
            if (question >= 0)
            {
                path = target.Substring(0, question);
                query = target.Substring(question + 1);
            }

            string client = fallbackClient ?? peer?.ToString();
            if (proxies.Trust(peer))
            {
                client = NonEmpty(header("x-real-ip")) ?? FirstForwardedFor(header("x-forwarded-for")) ?? client;
            }

            string scope = requiredScope ?? header("x-apikey-required-scope");
            string[] scopes = string.IsNullOrWhiteSpace(scope) ? Array.Empty<string>() : scope.Split(ScopeSeparators, StringSplitOptions.RemoveEmptyEntries);
            return new ForwardedCall(KeyFrom(header, query), method, path, client, scopes);
        }

        // Authorization: Bearer first, then X-Api-Key, then the hapikey query parameter of the original URI.
        private static string KeyFrom(Func<string, string> header, string query)
        {
            string authorization = header("authorization");
            const string Bearer = "Bearer ";
            if (authorization != null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            {
                return authorization.Substring(Bearer.Length).Trim();
            }

            string apiKey = NonEmpty(header("x-api-key"));
            if (apiKey != null)
            {
                return apiKey;
            }

            return query == null ? null : QueryValue(query, KeyQueryParameter);
        }

        private static string QueryValue(string query, string name)
        {
            foreach (string pair in query.Split('&'))
            {
                int equals = pair.IndexOf('=');
                string key = equals < 0 ? pair : pair.Substring(0, equals);
                if (string.Equals(Uri.UnescapeDataString(key), name, StringComparison.Ordinal))
                {
                    return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1).Replace('+', ' '));
                }
            }

            return null;
        }

        private static string FirstForwardedFor(string value)
        {
            if (value == null)
            {
                return null;
            }

            int comma = value.IndexOf(',');
            return NonEmpty(comma < 0 ? value : value.Substring(0, comma));
        }

        private static string NonEmpty(string value)
        {
            string trimmed = value?.Trim();
            return string.IsNullOrEmpty(trimmed) ? null : trimmed;
        }
    }
}
