using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using Xunit;

namespace ApiKeyAdmin.Storage.Sqlite.Tests
{
    /// <summary>The call log side of the SQLite store: rows written in batches, read newest first, pruned in small batches.</summary>
    public sealed class SqliteKeyStoreCallLogTests : IDisposable
    {
        private readonly TestStore store = new TestStore();
        private readonly SqliteKeyStore keyStore;
        private readonly string keyId;
        private readonly DateTimeOffset t0;

        public SqliteKeyStoreCallLogTests()
        {
            keyId = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            keyStore = new SqliteKeyStore(store.StorePath, TestStore.Options());
            store.NewManager(keyStore, store.Identity);
            t0 = store.Clock.UtcNow;
        }

        public void Dispose() => store.Dispose();

        [Fact]
        public void Allowed_calls_move_LastUsedAt_forward_and_never_back()
        {
            keyStore.AppendCalls(new[] { Allowed(10), Denied(20), Allowed(5) });
            Assert.Equal(t0.AddMinutes(10), store.Key(keyId).LastUsedAt);

            keyStore.AppendCalls(new[] { Allowed(1) });
            Assert.Equal(t0.AddMinutes(10), store.Key(keyId).LastUsedAt);

            keyStore.AppendCalls(new[] { Allowed(30) });
            Assert.Equal(t0.AddMinutes(30), store.Key(keyId).LastUsedAt);

            // LastUsedAt is not part of the key's integrity tag: a used key can still be rotated.
            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);
            Assert.Equal(5, store.Count("SELECT count(*) FROM calls"));
        }

        [Fact]
        public void Calls_are_read_newest_first_and_filtered()
        {
            keyStore.AppendCalls(new[]
            {
                Allowed(1, "GET", "/v1/contacts", 200),
                Allowed(2, "POST", "/v1/deals", 201),
                Denied(3, "GET", "/v2/contacts", 401),
                new CallEntry { Timestamp = t0.AddMinutes(4), Method = "GET", Path = "/v1/contacts", Outcome = CallOutcome.Denied, Reason = VerificationReason.Unknown, KeyFingerprint = "abcd1234" },
            });

            List<CallRecord> all = Read(new CallFilter());
            Assert.Equal(new[] { 4, 3, 2, 1 }, all.Select(c => (int)(c.Timestamp - t0).TotalMinutes));
            Assert.Equal(string.Empty, all[0].Account);
            Assert.Equal("abcd1234", all[0].KeyFingerprint);
            Assert.Equal("acme", all[1].Account);
            Assert.Equal(keyId, all[1].KeyId);
            Assert.Equal(KeyKind.Standard, all[1].Kind);

            Assert.Equal(3, Read(new CallFilter { Accounts = new[] { "ACME" } }).Count);
            Assert.Equal(3, Read(new CallFilter { KeyId = keyId }).Count);
            Assert.Equal(2, Read(new CallFilter { Outcome = CallOutcome.Denied }).Count);
            Assert.Equal(3, Read(new CallFilter { Method = "get" }).Count);
            Assert.Equal(3, Read(new CallFilter { Path = PathPattern.Parse("/v1/*") }).Count);
            Assert.Equal(new[] { 201, 401 }, Read(new CallFilter { StatusCodes = new[] { 201, 401 } }).Select(c => c.StatusCode.Value).OrderBy(x => x));
            Assert.Equal(new[] { 3, 2 }, Read(new CallFilter { Since = t0.AddMinutes(2), Until = t0.AddMinutes(4) }).Select(c => (int)(c.Timestamp - t0).TotalMinutes));
            Assert.Equal(new[] { 4, 3 }, Read(new CallFilter { First = 2 }).Select(c => (int)(c.Timestamp - t0).TotalMinutes));
            Assert.Empty(Read(new CallFilter { Accounts = new[] { "%" } }));
        }

        [Fact]
        public void The_manager_never_returns_calls_older_than_the_7_day_retention()
        {
            store.Clock.Advance(TimeSpan.FromDays(10));
            keyStore.AppendCalls(new[] { Allowed(0), Allowed((int)TimeSpan.FromDays(2).TotalMinutes), Allowed((int)TimeSpan.FromDays(9).TotalMinutes) });

            List<CallRecord> calls = store.Manager.Logs.ReadCalls(new CallFilter { Since = DateTimeOffset.MinValue }, CancellationToken.None).ToList();

            Assert.Equal(t0.AddDays(9), Assert.Single(calls).Timestamp);
        }

        [Fact]
        public void Pruning_deletes_at_most_the_batch_size_of_calls_older_than_the_cut()
        {
            keyStore.AppendCalls(Enumerable.Range(0, 5).Select(i => Allowed(i)).Concat(new[] { Allowed(100), Allowed(101) }).ToList());

            Assert.Equal(3, keyStore.PruneCalls(t0.AddMinutes(50), 3));
            Assert.Equal(2, keyStore.PruneCalls(t0.AddMinutes(50), 3));
            Assert.Equal(0, keyStore.PruneCalls(t0.AddMinutes(50), 3));

            Assert.Equal(new[] { 101, 100 }, Read(new CallFilter()).Select(c => (int)(c.Timestamp - t0).TotalMinutes));
        }

        private List<CallRecord> Read(CallFilter filter) => keyStore.ReadCalls(filter, CancellationToken.None).ToList();

        private CallEntry Allowed(int minutes, string method = "GET", string path = "/", int? status = null) =>
            Call(minutes, CallOutcome.Allowed, VerificationReason.Valid, method, path, status);

        private CallEntry Denied(int minutes, string method = "GET", string path = "/", int? status = null) =>
            Call(minutes, CallOutcome.Denied, VerificationReason.Deactivated, method, path, status);

        private CallEntry Call(int minutes, CallOutcome outcome, VerificationReason reason, string method, string path, int? status) => new CallEntry
        {
            Timestamp = t0.AddMinutes(minutes),
            KeyId = keyId,
            Account = "acme",
            Kind = KeyKind.Standard,
            Method = method,
            Path = path,
            Outcome = outcome,
            Reason = reason,
            StatusCode = status,
        };
    }
}
