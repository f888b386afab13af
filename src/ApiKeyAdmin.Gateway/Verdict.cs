using System.Collections.Generic;

namespace ApiKeyAdmin.Gateway
{
    /// <summary>What the service answers for a verification, whichever proxy asked: a status and the headers that go with it.</summary>
    internal static class Verdict
    {
        /// <summary>The account of a key that verifies.</summary>
        internal const string AccountHeader = "X-ApiKey-Account";

        /// <summary>The key id of a key that verifies.</summary>
        internal const string KeyIdHeader = "X-ApiKey-Id";

        /// <summary>The kind of a key that verifies.</summary>
        internal const string KindHeader = "X-ApiKey-Kind";

        /// <summary>An app token's app name; empty for other kinds.</summary>
        internal const string AppHeader = "X-ApiKey-App";

        /// <summary>An app token's scopes, space-separated; empty for other kinds.</summary>
        internal const string ScopesHeader = "X-ApiKey-Scopes";

        /// <summary>The verifier's reason, on every answer.</summary>
        internal const string ReasonHeader = "X-ApiKey-Reason";

        /// <summary>
        /// 200 for a key that verifies, 403 for one that lacks a required scope, 503 when the store could not decide
        /// (the key itself may be good), 401 for every other refusal.
        /// </summary>
        internal static int StatusFor(VerificationResult result) => result.Reason switch
        {
            VerificationReason.Valid => 200,
            VerificationReason.InsufficientScope => 403,
            VerificationReason.StoreUnavailable => 503,
            _ => 401,
        };

        /// <summary>
        /// The identity headers of a key that verifies, for the upstream; none for a refusal. The app headers are sent
        /// (empty) for every kind: a proxy that copies an absent header may otherwise pass on a placeholder or the
        /// client's own value (Caddy 2.6 writes its placeholder's text).
        /// </summary>
        internal static IEnumerable<KeyValuePair<string, string>> IdentityHeaders(VerificationResult result)
        {
            if (!result.IsValid)
            {
                yield break;
            }

            yield return new KeyValuePair<string, string>(AccountHeader, result.Account);
            yield return new KeyValuePair<string, string>(KeyIdHeader, result.KeyId);
            yield return new KeyValuePair<string, string>(KindHeader, result.Kind.ToString());
            yield return new KeyValuePair<string, string>(AppHeader, result.AppName);
            yield return new KeyValuePair<string, string>(ScopesHeader, result.Scopes);
        }
    }
}
