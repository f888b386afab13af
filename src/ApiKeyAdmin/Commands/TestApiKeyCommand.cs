using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Verification;

namespace ApiKeyAdmin.Commands
{
    /// <summary>
    /// Test-ApiKey: what an API does on each request. Needs no role (holding the key is the credential), never throws on
    /// a bad key, never creates a store, and records the call before it returns.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ApiKey")]
    [OutputType(typeof(VerificationResult))]
    public sealed class TestApiKeyCommand : ApiKeyCmdletBase
    {
        private KeyVerifier verifier;
        private string[] requiredScopes;

        /// <summary>The presented key: a string, a SecureString, or a key object carrying its secret.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Secret")]
        [AllowNull]
        [AllowEmptyString]
        public object Key { get; set; }

        /// <summary>The HTTP method of the call, for the call log (capped at 16 characters, control characters escaped).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Method { get; set; }

        /// <summary>The request path of the call, for the call log (capped at 2,048 characters, control characters escaped).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Path { get; set; }

        /// <summary>The caller's address, for the call log (capped at 64 characters, control characters escaped).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string ClientAddress { get; set; }

        /// <summary>Scopes the call needs: an app token without every one is refused with InsufficientScope.</summary>
        [Parameter]
        public string[] RequiredScope { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                requiredScopes = KeyPolicy.NormalizeScopes(RequiredScope).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            }
            catch (ApiKeyAdminException ex)
            {
                ThrowTerminatingError(Errors.From(ex));
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            Run(() =>
            {
                if (verifier == null)
                {
                    verifier = new KeyVerifier(NewStore(), ProtectionKeyFolder.ForCurrentUser(), new KeyVerifierOptions { BatchCalls = false }, HostStateFolder.ForCurrentUser());
                }

                WriteObject(verifier.Verify(Presented(Key), requiredScopes, Method, Path, ClientAddress));
            });
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                verifier?.Dispose();
            }

            base.Dispose(disposing);
        }

        private static string Presented(object value)
        {
            object raw = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (raw)
            {
                case null:
                    return string.Empty;
                case string text:
                    return text;
                case SecureString secure:
                    return Unprotect(secure);
                case ApiKey key:
                    return Presented(key.Secret);
                default:
                    return raw.ToString();
            }
        }

        private static string Unprotect(SecureString secure)
        {
            IntPtr buffer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                // By length: a NUL inside the presented string would otherwise end it there, and "key\0anything" would verify.
                return Marshal.PtrToStringUni(buffer, secure.Length);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(buffer);
            }
        }
    }
}
