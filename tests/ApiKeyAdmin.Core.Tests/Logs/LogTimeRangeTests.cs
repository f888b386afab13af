using System;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>The one rule for a log's time range: -Since after -Until matches nothing, and the call log starts at its retention.</summary>
    public sealed class LogTimeRangeTests : IDisposable
    {
        private readonly TestStore store = new TestStore();

        public void Dispose() => store.Dispose();

        [Fact]
        public void Since_after_Until_is_InvalidTimeRange_naming_the_start()
        {
            DateTimeOffset until = store.Clock.UtcNow;
            DateTimeOffset since = until.AddTicks(1);

            var ex = Assert.Throws<ApiKeyAdminException>(() => LogReader.CheckTimeRange(since, until));

            Assert.Equal("InvalidTimeRange", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(since, ex.Target);
            Assert.Equal("InvalidTimeRange", Assert.Throws<ApiKeyAdminException>(() => store.Manager.Logs.CallLogStart(since, until)).ErrorId);
        }

        [Fact]
        public void An_empty_open_or_one_sided_range_is_no_error()
        {
            DateTimeOffset now = store.Clock.UtcNow;

            LogReader.CheckTimeRange(now, now);
            LogReader.CheckTimeRange(null, now);
            LogReader.CheckTimeRange(now, null);
            LogReader.CheckTimeRange(null, null);
        }

        [Fact]
        public void The_call_log_starts_at_its_retention_unless_Since_is_later()
        {
            DateTimeOffset retentionStart = store.Clock.UtcNow - ApiKeyManager.CallRetention;
            LogReader logs = store.Manager.Logs;

            Assert.Equal(retentionStart, logs.CallRetentionStart);
            Assert.Equal(retentionStart, logs.CallLogStart(null, null));
            Assert.Equal(retentionStart, logs.CallLogStart(retentionStart.AddDays(-3), null));
            Assert.Equal(retentionStart.AddHours(1), logs.CallLogStart(retentionStart.AddHours(1), null));
            // An -Until alone that lies before the retention is no error: it matches nothing.
            Assert.Equal(retentionStart, logs.CallLogStart(null, retentionStart.AddDays(-1)));
            Assert.False(store.Made);
        }
    }
}
