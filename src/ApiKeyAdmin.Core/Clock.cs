using System;

namespace ApiKeyAdmin
{
    /// <summary>The time source; tests hand the core a clock they control.</summary>
    public interface IClock
    {
        /// <summary>Now, in UTC.</summary>
        DateTimeOffset UtcNow { get; }
    }

    /// <summary>The system's clock.</summary>
    public sealed class SystemClock : IClock
    {
        /// <summary>The one instance.</summary>
        public static readonly SystemClock Instance = new SystemClock();

        private SystemClock()
        {
        }

        /// <inheritdoc/>
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
    }
}
