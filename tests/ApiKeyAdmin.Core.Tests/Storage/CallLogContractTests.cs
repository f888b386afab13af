using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage
{
    /// <summary>The call log and the change counter through the store seam, run against each store (subclasses at the end of the file).</summary>
    public abstract class CallLogContractTests : IDisposable
    {
        private readonly TestStore store;

        protected CallLogContractTests(StoreKind kind)
        {
            store = new TestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void Calls_written_in_one_batch_read_back_newest_first_through_every_filter()
        {
            ApiKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key;
            ApiKey beta = store.Manager.Keys.Create("beta", KeyKind.Developer, null).Key;
            DateTimeOffset now = store.Clock.UtcNow;
            var calls = new List<CallEntry>();
            for (int i = 0; i < 30; i++)
            {
                ApiKey key = i % 3 == 0 ? beta : acme;
                calls.Add(new CallEntry
                {
                    Timestamp = now.AddSeconds(-i),
                    Account = key.Account,
                    KeyId = key.KeyId,
                    Kind = key.Kind,
                    Method = i % 2 == 0 ? "GET" : "post",
                    Path = i % 5 == 0 ? "/v1/contacts/" + i : "/v2/deals",
                    ClientAddress = "203.0.113.7",
                    Outcome = i % 4 == 0 ? CallOutcome.Denied : CallOutcome.Allowed,
                    Reason = i % 4 == 0 ? VerificationReason.Deactivated : VerificationReason.Valid,
                    StatusCode = i % 4 == 0 ? (int?)null : 200 + (i % 2),
                    DurationMs = i % 4 == 0 ? (double?)null : i * 1.5,
                });
            }

            calls.Add(new CallEntry { Timestamp = now.AddSeconds(-40), Method = "GET", Path = "/", Outcome = CallOutcome.Denied, Reason = VerificationReason.Unknown, KeyFingerprint = "f00d" });
            using (IKeyStore keyStore = store.NewKeyStore())
            {
                keyStore.AppendCalls(calls);
            }

            List<CallRecord> all = Read(new CallFilter());
            Assert.Equal(31, all.Count);
            Assert.Equal(all.OrderByDescending(c => c.Timestamp).Select(c => c.Timestamp), all.Select(c => c.Timestamp));
            CallRecord unknown = all.Last();
            Assert.Equal(string.Empty, unknown.Account);
            Assert.Equal(string.Empty, unknown.KeyId);
            Assert.Null(unknown.Kind);
            Assert.Equal("f00d", unknown.KeyFingerprint);
            CallRecord first = all.First();
            Assert.Equal((beta.Account, beta.KeyId, (KeyKind?)KeyKind.Developer, "GET", "/v1/contacts/0", CallOutcome.Denied, (int?)null),
                (first.Account, first.KeyId, first.Kind, first.Method, first.Path, first.Outcome, first.StatusCode));

            Assert.Equal(20, Read(new CallFilter { Accounts = new[] { "ACME" } }).Count);
            Assert.Equal(10, Read(new CallFilter { KeyId = beta.KeyId }).Count);
            Assert.Equal(9, Read(new CallFilter { Outcome = CallOutcome.Denied }).Count);
            Assert.Equal(15, Read(new CallFilter { StatusCodes = new[] { 201 } }).Count);
            Assert.Equal(15, Read(new CallFilter { Method = "POST" }).Count);
            Assert.Equal(6, Read(new CallFilter { Path = PathPattern.Parse("/V1/CONTACTS/*") }).Count);
            Assert.Equal(new[] { "/v1/contacts/0", "/v2/deals" }, Read(new CallFilter { First = 2 }).Select(c => c.Path));
            Assert.Equal(10, Read(new CallFilter { Since = now.AddSeconds(-9.5) }).Count);
            Assert.Equal(21, Read(new CallFilter { Until = now.AddSeconds(-9.5) }).Count);
        }

        [SkippableFact]
        public void Allowed_calls_move_LastUsedAt_forward_and_never_back()
        {
            ApiKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key;
            DateTimeOffset now = store.Clock.UtcNow;
            using (IKeyStore keyStore = store.NewKeyStore())
            {
                keyStore.AppendCalls(new[] { Allowed(acme, now.AddMinutes(-1)), Allowed(acme, now.AddMinutes(-5)) });
                Assert.Equal(now.AddMinutes(-1), store.Key(acme.KeyId).LastUsedAt);

                keyStore.AppendCalls(new[] { Allowed(acme, now.AddMinutes(-3)) });
                Assert.Equal(now.AddMinutes(-1), store.Key(acme.KeyId).LastUsedAt);
            }
        }

        [SkippableFact]
        public void Pruning_removes_calls_older_than_the_retention_and_keeps_the_rest()
        {
            ApiKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key;
            DateTimeOffset now = store.Clock.UtcNow;
            using (IKeyStore keyStore = store.NewKeyStore())
            {
                keyStore.AppendCalls(Enumerable.Range(0, 5).Select(i => Allowed(acme, now.AddDays(-10).AddMinutes(i)))
                    .Concat(Enumerable.Range(0, 3).Select(i => Allowed(acme, now.AddMinutes(-i)))).ToList());
                Assert.Equal(8, store.Count("SELECT count(*) FROM calls"));

                Assert.Equal(5, keyStore.PruneCalls(now - ApiKeyManager.CallRetention, 1000));

                Assert.Equal(3, store.Count("SELECT count(*) FROM calls"));
                Assert.Equal(0, keyStore.PruneCalls(now - ApiKeyManager.CallRetention, 1000));
                Assert.Equal(3, Read(new CallFilter()).Count);
            }
        }

        [SkippableFact]
        public void Pruning_returns_the_rows_it_removed_in_the_stores_own_unit_and_never_touches_calls_at_or_after_the_cutoff()
        {
            ApiKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key;
            DateTimeOffset now = store.Clock.UtcNow;
            DateTimeOffset cutoff = now - ApiKeyManager.CallRetention;
            using (IKeyStore keyStore = store.NewKeyStore())
            {
                keyStore.AppendCalls(Enumerable.Range(0, 5).Select(i => Allowed(acme, cutoff.AddDays(-3).AddMinutes(i)))
                    .Concat(new[] { Allowed(acme, cutoff), Allowed(acme, cutoff.AddMinutes(1)) }).ToList());

                // SQLite takes at most two rows a call, PostgreSQL the whole expired day at once: either way each call
                // says exactly how many rows went, and the calls stop when nothing older is left.
                var removed = new List<int>();
                long left = store.Count("SELECT count(*) FROM calls");
                do
                {
                    int count = keyStore.PruneCalls(cutoff, 2);
                    long remaining = store.Count("SELECT count(*) FROM calls");
                    Assert.Equal(left - remaining, count);
                    left = remaining;
                    removed.Add(count);
                }
                while (removed.Last() != 0 && removed.Count < 10);

                Assert.Equal(5, removed.Sum());
                Assert.Equal(0, removed.Last());
                Assert.Equal(new[] { cutoff.AddMinutes(1), cutoff }, Read(new CallFilter { Since = cutoff }).Select(c => c.Timestamp));
            }
        }

        [SkippableFact]
        public void The_change_counter_moves_with_key_changes_from_any_connection_and_not_with_calls()
        {
            ApiKey acme = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key;
            using (IKeyStore watcher = store.NewKeyStore())
            using (IKeyStore other = store.NewKeyStore())
            {
                long before = watcher.ChangeCounter();
                other.AppendCalls(new[] { Allowed(acme, store.Clock.UtcNow) });
                Assert.Equal(before, watcher.ChangeCounter());

                store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);

                Assert.NotEqual(before, watcher.ChangeCounter());
            }
        }

        private static CallEntry Allowed(ApiKey key, DateTimeOffset at) => new CallEntry
        {
            Timestamp = at,
            Account = key.Account,
            KeyId = key.KeyId,
            Kind = key.Kind,
            Method = "GET",
            Path = "/",
            ClientAddress = "192.0.2.1",
            Outcome = CallOutcome.Allowed,
            Reason = VerificationReason.Valid,
        };

        private List<CallRecord> Read(CallFilter filter)
        {
            if (filter.Since == default)
            {
                filter.Since = store.Clock.UtcNow - ApiKeyManager.CallRetention;
            }

            return store.Manager.Logs.ReadCalls(filter, CancellationToken.None).ToList();
        }
    }

    public sealed class SqliteCallLogContractTests : CallLogContractTests
    {
        public SqliteCallLogContractTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlCallLogContractTests : CallLogContractTests
    {
        public PostgreSqlCallLogContractTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
