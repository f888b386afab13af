using ApiKeyAdmin.Text;

namespace ApiKeyAdmin.Verification
{
    /// <summary>
    /// What a call row keeps of the request's own text, which any caller chooses (no valid key is needed to be logged):
    /// each field escaped by <see cref="SafeText"/> and capped when the row is made, so every host (Test-ApiKey, an
    /// embedding service, the gateway) stores the same and no caller can fill the log or an admin's terminal. A value
    /// cut at its cap ends with "…[cut]".
    /// </summary>
    public static class CallFields
    {
        /// <summary>The longest HTTP method kept.</summary>
        public const int MaxMethodLength = 16;

        /// <summary>The longest request path kept.</summary>
        public const int MaxPathLength = 2048;

        /// <summary>The longest client address kept (an IPv6 address with a zone, or a host name, fits).</summary>
        public const int MaxClientAddressLength = 64;

        internal static string Method(string method) => SafeText.Cap(method, MaxMethodLength);

        internal static string Path(string path) => SafeText.Cap(path, MaxPathLength);

        internal static string ClientAddress(string clientAddress) => SafeText.Cap(clientAddress, MaxClientAddressLength);
    }
}
