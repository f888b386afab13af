using System;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage
{
    public abstract class CallLogQueryTests : IDisposable
    {
        private static readonly string[] Paths =
        {
            "/Contacts/42", "/contacts", "/deals/[x]", "/deals/x", "/a*b", "/axb", "/alpha", "/Beta", "/gamma", "/q?", "/qz",
        };

        private readonly LogTestStore store;

        protected CallLogQueryTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
            string keyId = store.CreateKey("acme").Key.KeyId;
            DateTimeOffset start = store.Clock.UtcNow.AddHours(-1);
            store.AddCalls(Paths.Select((p, i) => LogTestStore.Call(start.AddSeconds(i), "acme", keyId, path: p)).ToArray());
        }

        public void Dispose() => store.Dispose();

        [SkippableTheory]
        [InlineData("/contacts*", new[] { "/Contacts/42", "/contacts" })]
        [InlineData("/CONTACTS/?2", new[] { "/Contacts/42" })]
        [InlineData("/[a-c]*", new[] { "/Contacts/42", "/contacts", "/a*b", "/axb", "/alpha", "/Beta" })]
        [InlineData("/[AG]*", new[] { "/a*b", "/axb", "/alpha", "/gamma" })]
        [InlineData("/deals/`[x`]", new[] { "/deals/[x]" })]
        [InlineData("/a`*b", new[] { "/a*b" })]
        [InlineData("/q`?", new[] { "/q?" })]
        [InlineData("/a?b", new[] { "/a*b", "/axb" })]
        [InlineData("*", null)]
        public void Path_wildcards_match_like_PowerShell_case_insensitively(string pattern, string[] expected)
        {
            var filter = new CallFilter { Path = PathPattern.Parse(pattern) };

            string[] matched = store.Manager.Logs.ReadCalls(filter, CancellationToken.None).Select(c => c.Path).Reverse().ToArray();

            Assert.Equal(expected ?? Paths, matched);
        }

        [SkippableTheory]
        [InlineData("[")]
        [InlineData("/deals/[x")]
        [InlineData("/[]")]
        [InlineData("/contacts`")]
        [InlineData("`")]
        public void Patterns_that_do_not_parse_are_InvalidPathPattern_naming_the_pattern(string pattern)
        {
            var error = Assert.Throws<ApiKeyAdminException>(() => PathPattern.Parse(pattern));

            Assert.Equal("InvalidPathPattern", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Equal(pattern, error.Target);
        }

        [SkippableFact]
        public void Letters_become_classes_of_both_cases_and_escaped_wildcards_become_literal_classes()
        {
            Assert.Equal("/[Aa][Bb]*", SqliteGlob.From(PathPattern.Parse("/ab*")));
            Assert.Equal("/[a-cA-Ca-c][0-9]", SqliteGlob.From(PathPattern.Parse("/[a-c][0-9]")));
            Assert.Equal("/[*][?][[]]", SqliteGlob.From(PathPattern.Parse("/`*`?`[`]")));
        }

        [SkippableFact]
        public void Filters_combine_and_First_gives_the_newest_calls()
        {
            string keyId = store.Manager.Keys.List(new KeyQuery { Accounts = new[] { "acme" } }).Keys.Single().Key.KeyId;
            DateTimeOffset now = store.Clock.UtcNow;
            store.AddCalls(
                new CallEntry { Timestamp = now.AddMinutes(-3), Account = "acme", KeyId = keyId, Kind = KeyKind.Standard, Method = "POST", Path = "/deals", Outcome = CallOutcome.Allowed, Reason = VerificationReason.Valid, StatusCode = 201, DurationMs = 12.5 },
                new CallEntry { Timestamp = now.AddMinutes(-2), Account = "acme", KeyId = keyId, Kind = KeyKind.Standard, Method = "post", Path = "/deals", Outcome = CallOutcome.Allowed, Reason = VerificationReason.Valid, StatusCode = 500 },
                new CallEntry { Timestamp = now.AddMinutes(-1), Method = "POST", Path = "/deals", Outcome = CallOutcome.Denied, Reason = VerificationReason.Malformed });

            CallRecord[] posts = store.Manager.Logs.ReadCalls(new CallFilter { Method = "Post", Outcome = CallOutcome.Allowed }, CancellationToken.None).ToArray();
            CallRecord[] created = store.Manager.Logs.ReadCalls(new CallFilter { StatusCodes = new[] { 201, 204 } }, CancellationToken.None).ToArray();
            CallRecord[] newest = store.Manager.Logs.ReadCalls(new CallFilter { First = 2 }, CancellationToken.None).ToArray();
            CallRecord[] denied = store.Manager.Logs.ReadCalls(new CallFilter { Outcome = CallOutcome.Denied }, CancellationToken.None).ToArray();

            Assert.Equal(new int?[] { 500, 201 }, posts.Select(c => c.StatusCode));
            Assert.Equal(12.5, Assert.Single(created).DurationMs);
            Assert.Equal(new[] { now.AddMinutes(-1), now.AddMinutes(-2) }, newest.Select(c => c.Timestamp));
            Assert.Equal(string.Empty, Assert.Single(denied).Account);
        }
    }

    public sealed class SqliteCallLogQueryTests : CallLogQueryTests
    {
        public SqliteCallLogQueryTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlCallLogQueryTests : CallLogQueryTests
    {
        public PostgreSqlCallLogQueryTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
