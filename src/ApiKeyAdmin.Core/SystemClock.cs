using System;

namespace ApiKeyAdmin
{
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
