using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>
    /// A test store with one key of each case, the service over it (gRPC on), the upstream API, and a client: shared by
    /// the tests of one class. The keys: acme's valid standard key, globex's deactivated one, initech's app token that may
    /// only read contacts and umbrella's that may also write them.
    /// </summary>
    public class GatewayRig : IDisposable
    {
        /// <summary>The scope the doc's /contacts/write route requires.</summary>
        internal const string WriteScope = "crm.objects.contacts.write";

        /// <summary>A scope both app tokens hold.</summary>
        internal const string ReadScope = "crm.objects.contacts.read";

        public GatewayRig()
        {
            Store = new GatewayStore();
            Valid = Store.NewKey("acme");
            Deactivated = Store.NewKey("globex");
            Store.Disable(Deactivated);
            ReadOnlyToken = Store.NewAppToken("initech", "crm-sync", ReadScope);
            WriteToken = Store.NewAppToken("umbrella", "crm-sync", ReadScope, WriteScope);
            Upstream = new Upstream();
            Gateway = GatewayProcess.Start(Store, grpc: true);
            Client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        }

        internal GatewayStore Store { get; }

        internal GatewayProcess Gateway { get; }

        internal Upstream Upstream { get; }

        internal HttpClient Client { get; }

        internal IssuedKey Valid { get; }

        internal IssuedKey Deactivated { get; }

        internal IssuedKey ReadOnlyToken { get; }

        internal IssuedKey WriteToken { get; }

        /// <summary>A valid key with its last character changed: a typo, caught by the checksum.</summary>
        internal string Typo => Valid.Secret.Substring(0, Valid.Secret.Length - 1) + (Valid.Secret.EndsWith("A", StringComparison.Ordinal) ? "B" : "A");

        /// <summary>A unique path under a prefix, so that each test finds its own requests at the upstream and in the log.</summary>
        internal static string UniquePath(string prefix) => $"{prefix}/{Guid.NewGuid():N}";

        /// <summary>Sends a GET with the key as a bearer token (none when null) and any extra headers.</summary>
        internal Task<HttpResponseMessage> Get(Uri baseAddress, string target, string bearer, params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, target));
            if (bearer != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            foreach ((string name, string value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return Client.SendAsync(request);
        }

        public virtual void Dispose()
        {
            Client.Dispose();
            Gateway.Dispose();
            Upstream.Dispose();
            Store.Dispose();
        }
    }
}
