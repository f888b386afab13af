using System;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage
{
    public abstract class CallVolumeTests : IDisposable
    {
        private readonly LogTestStore store;

        protected CallVolumeTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
            // 2026-03-10 12:00 UTC; the calls below fall on 2026-03-09 and 2026-03-10.
            Acme = store.CreateKey("acme").Key.KeyId;
            Globex = store.CreateKey("Globex").Key.KeyId;
        }

        private string Acme { get; }

        private string Globex { get; }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void Calls_are_counted_per_UTC_hour_and_account_split_by_outcome_oldest_first()
        {
            DateTimeOffset ten = new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);
            store.AddCalls(
                LogTestStore.Call(ten.AddMinutes(5), "acme", Acme),
                LogTestStore.Call(ten.AddMinutes(30), "acme", Acme, CallOutcome.Denied),
                LogTestStore.Call(ten.AddHours(1).AddMilliseconds(-1), "acme", Acme),
                LogTestStore.Call(ten.AddHours(1), "acme", Acme),
                LogTestStore.Call(ten.AddMinutes(10), "Globex", Globex),
                LogTestStore.Call(ten.AddMinutes(20), outcome: CallOutcome.Denied),
                LogTestStore.Call(ten.AddMinutes(21), outcome: CallOutcome.Denied));

            CallVolume[] rows = Measure(new CallFilter(), CallInterval.Hour);

            Assert.Equal(
                new[]
                {
                    (ten, "", 0L, 2L, 2L),
                    (ten, "acme", 2L, 1L, 3L),
                    (ten, "Globex", 1L, 0L, 1L),
                    (ten.AddHours(1), "acme", 1L, 0L, 1L),
                },
                rows.Select(r => (r.Interval, r.Account, r.Allowed, r.Denied, r.Total)));
            Assert.All(rows, r => Assert.Equal(TimeSpan.Zero, r.Interval.Offset));
        }

        [SkippableFact]
        public void Days_start_at_UTC_midnight_whatever_offset_the_calls_were_made_in()
        {
            DateTimeOffset midnight = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
            store.AddCalls(
                LogTestStore.Call(new DateTimeOffset(2026, 3, 10, 0, 59, 0, TimeSpan.FromHours(2)), "acme", Acme),
                LogTestStore.Call(midnight.AddMilliseconds(-1), "acme", Acme),
                LogTestStore.Call(midnight, "acme", Acme),
                LogTestStore.Call(midnight.AddHours(11), "acme", Acme, CallOutcome.Denied));

            CallVolume[] rows = Measure(new CallFilter(), CallInterval.Day);

            Assert.Equal(
                new[] { (midnight.AddDays(-1), 2L, 0L), (midnight, 1L, 1L) },
                rows.Select(r => (r.Interval, r.Allowed, r.Denied)));
        }

        [SkippableFact]
        public void Accounts_match_case_insensitively_and_Since_and_Until_bound_the_calls_counted()
        {
            DateTimeOffset nine = new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
            store.AddCalls(
                LogTestStore.Call(nine.AddMinutes(1), "acme", Acme),
                LogTestStore.Call(nine.AddMinutes(2), "Globex", Globex),
                LogTestStore.Call(nine.AddMinutes(3)),
                LogTestStore.Call(nine.AddMinutes(50), "acme", Acme),
                LogTestStore.Call(nine.AddMinutes(70), "acme", Acme));

            CallVolume[] byAccount = Measure(new CallFilter { Accounts = new[] { "ACME", "globex" } }, CallInterval.Hour);
            CallVolume[] byTime = Measure(new CallFilter { Since = nine.AddMinutes(2), Until = nine.AddMinutes(50) }, CallInterval.Hour);

            Assert.Equal(new[] { ("acme", 2L), ("Globex", 1L), ("acme", 1L) }, byAccount.Select(r => (r.Account, r.Total)));
            Assert.Equal(new[] { ("", 1L), ("Globex", 1L) }, byTime.Select(r => (r.Account, r.Total)));
        }

        [SkippableFact]
        public void Only_a_Super_Admin_may_measure_and_a_missing_store_measures_nothing()
        {
            ApiKeyManager mallory = store.NewManager("mallory");

            var denied = Assert.Throws<PermissionDeniedException>(
                () => mallory.Logs.MeasureCalls(new CallFilter(), CallInterval.Hour, CancellationToken.None));

            Assert.Equal("SuperAdminRequired", denied.ErrorId);
            using (var empty = new LogTestStore(store.Kind))
            {
                Assert.Empty(empty.Manager.Logs.MeasureCalls(new CallFilter(), CallInterval.Day, CancellationToken.None));
                Assert.False(empty.Made);
            }
        }

        [SkippableFact]
        public void Measuring_stops_when_the_caller_cancels()
        {
            DateTimeOffset start = store.Clock.UtcNow.AddDays(-6);
            store.AddCalls(Enumerable.Range(0, 48).Select(i => LogTestStore.Call(start.AddHours(i), "acme", Acme)).ToArray());
            using (var cancellation = new CancellationTokenSource())
            {
                int seen = 0;
                foreach (CallVolume unused in store.Manager.Logs.MeasureCalls(new CallFilter(), CallInterval.Hour, cancellation.Token))
                {
                    if (++seen == 3)
                    {
                        cancellation.Cancel();
                    }
                }

                Assert.Equal(3, seen);
            }
        }

        private CallVolume[] Measure(CallFilter filter, CallInterval interval) =>
            store.Manager.Logs.MeasureCalls(filter, interval, CancellationToken.None).ToArray();
    }

    public sealed class SqliteCallVolumeTests : CallVolumeTests
    {
        public SqliteCallVolumeTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlCallVolumeTests : CallVolumeTests
    {
        public PostgreSqlCallVolumeTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
