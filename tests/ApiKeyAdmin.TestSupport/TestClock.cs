using System;
using System.Threading;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>A clock the test sets and moves; safe to read from a verifier's threads while the test moves it.</summary>
    internal sealed class TestClock : IClock
    {
        /// <summary>Where a test clock starts unless told otherwise.</summary>
        public static readonly DateTimeOffset DefaultStart = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        private long ticks;

        public TestClock(DateTimeOffset? start = null)
        {
            ticks = (start ?? DefaultStart).UtcTicks;
        }

        public DateTimeOffset UtcNow
        {
            get => new DateTimeOffset(Interlocked.Read(ref ticks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref ticks, value.UtcTicks);
        }

        public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
    }
}
