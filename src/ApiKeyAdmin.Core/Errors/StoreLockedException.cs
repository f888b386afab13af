using System;

namespace ApiKeyAdmin
{
    /// <summary>Another writer held the store longer than the busy timeout; nothing was changed.</summary>
    public sealed class StoreLockedException : ApiKeyAdminException
    {
        /// <summary>Creates the error for a store location.</summary>
        public StoreLockedException(string location, TimeSpan waited, Exception inner)
            : base("StoreLocked", ErrorKind.ResourceUnavailable, location,
                  $"The store '{location}' stayed locked by another writer for {waited.TotalSeconds:0.###} seconds; nothing was changed. Try again later.",
                  inner, stopsCommand: true)
        {
        }
    }
}
