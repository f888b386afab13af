using System.Collections.Generic;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>One request as the upstream received it.</summary>
    internal sealed class SeenRequest
    {
        internal SeenRequest(string method, string target, IReadOnlyDictionary<string, string> headers)
        {
            Method = method;
            Target = target;
            Headers = headers;
        }

        internal string Method { get; }

        /// <summary>The path and query string.</summary>
        internal string Target { get; }

        /// <summary>Header values by name, compared without regard to case.</summary>
        internal IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>A header's value, or null when it was not sent.</summary>
        internal string Header(string name) => Headers.TryGetValue(name, out string value) ? value : null;
    }
}
