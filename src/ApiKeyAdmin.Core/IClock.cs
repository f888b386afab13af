using System;

namespace ApiKeyAdmin
{
    /// <summary>The time source; tests hand the core a clock they control.</summary>
    public interface IClock
    {
        /// <summary>Now, in UTC.</summary>
        DateTimeOffset UtcNow { get; }
    }
}
