using System.Collections.Generic;

namespace ApiKeyAdmin
{
    /// <summary>The keys a query found, and an error for each thing it named that could not be answered.</summary>
    public sealed class KeyQueryResult
    {
        /// <summary>Creates a result.</summary>
        public KeyQueryResult(IReadOnlyList<IssuedKey> keys, IReadOnlyList<ApiKeyAdminException> errors)
        {
            Keys = keys;
            Errors = errors;
        }

        /// <summary>The keys, with their secrets when they were revealed.</summary>
        public IReadOnlyList<IssuedKey> Keys { get; }

        /// <summary>One per named account with no matching key, or per key whose secret could not be shown.</summary>
        public IReadOnlyList<ApiKeyAdminException> Errors { get; }
    }
}
