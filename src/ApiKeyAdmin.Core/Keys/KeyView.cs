using System;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>A stored key as commands show it: its status as of a moment, and no deactivation time or actor for a key that still verifies.</summary>
    internal static class KeyView
    {
        internal static ApiKey ToApiKey(this KeyRecord k, DateTimeOffset now)
        {
            KeyStatus status = k.StatusAt(now);
            bool stopped = status == KeyStatus.Deactivated;
            return new ApiKey(k.Account, k.KeyId, k.Kind, status, k.Description, k.CreatedAt, k.CreatedBy,
                stopped ? k.DeactivatedAt : null, stopped ? k.DeactivatedBy : null, k.ExpiresAt, k.LastUsedAt, k.MaskedKey, now,
                appName: k.AppName, scope: k.Scope);
        }
    }
}
