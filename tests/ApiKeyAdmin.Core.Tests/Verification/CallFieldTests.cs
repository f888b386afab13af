using System;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Text;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Verification
{
    /// <summary>
    /// What a caller writes into the call log through a service's verifier: no valid key is needed, so method, path and
    /// client address are capped and escaped when the row is made, whichever way the verifier writes it.
    /// </summary>
    public abstract class CallFieldTests : IDisposable
    {
        private const string TitleEscape = "/x\u001b]0;pwned\u0007";
        private const string RedClient = "1.2.3.4\u001b[31m";

        private readonly LogTestStore store;

        protected CallFieldTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void Control_characters_from_a_caller_with_a_malformed_key_are_stored_escaped(bool batched)
        {
            store.CreateKey("acme");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = batched, Clock = store.Clock });
            Assert.Equal(VerificationReason.Malformed, verifier.Verify("garbage", "GE\u009bT", TitleEscape, RedClient).Reason);
            verifier.Flush();

            CallRecord call = Assert.Single(store.Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None));
            Assert.Equal("/x\\u001B]0;pwned\\u0007", call.Path);
            Assert.Equal("1.2.3.4\\u001B[31m", call.ClientAddress);
            Assert.Equal("GE\\u009BT", call.Method);
            // As stored, not only as shown.
            Assert.Equal(1, store.Count("SELECT COUNT(*) FROM calls WHERE path = '/x\\u001B]0;pwned\\u0007'"));
        }

        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_megabyte_of_method_path_or_client_address_is_stored_capped_with_the_cut_marker(bool batched)
        {
            IssuedKey key = store.CreateKey("acme");
            string huge = new string('p', 1024 * 1024);
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = batched, Clock = store.Clock });
            Assert.True(verifier.Verify(key.Secret, huge, "/" + huge, huge).IsValid);
            Assert.Equal(VerificationReason.Malformed, verifier.Verify(huge, huge, "/" + huge, huge).Reason);
            verifier.Flush();

            CallRecord[] calls = store.Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None).ToArray();
            Assert.Equal(2, calls.Length);
            Assert.All(calls, call =>
            {
                Assert.Equal(CallFields.MaxMethodLength, call.Method.Length);
                Assert.Equal(CallFields.MaxPathLength, call.Path.Length);
                Assert.Equal(CallFields.MaxClientAddressLength, call.ClientAddress.Length);
                Assert.EndsWith(SafeText.CutMarker, call.Path);
            });
        }

        [SkippableFact]
        public void A_row_an_older_version_stored_raw_is_read_escaped()
        {
            store.CreateKey("acme");
            store.AddCalls(LogTestStore.Call(store.Clock.UtcNow, path: TitleEscape, method: "GET\u001b[2J"));

            CallRecord call = Assert.Single(store.Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None));

            Assert.Equal("/x\\u001B]0;pwned\\u0007", call.Path);
            Assert.Equal("GET\\u001B[2J", call.Method);
        }

        [SkippableFact]
        public void Ordinary_call_fields_are_kept_exactly()
        {
            IssuedKey key = store.CreateKey("acme");
            string path = "/crm/v3/objects/contacts?after=" + new string('9', 2000);
            store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, Clock = store.Clock }).Verify(key.Secret, "OPTIONS", path, "2001:db8::1%eth0");

            CallRecord call = Assert.Single(store.Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None));
            Assert.Equal(("OPTIONS", path, "2001:db8::1%eth0"), (call.Method, call.Path, call.ClientAddress));
        }
    }

    public sealed class SqliteCallFieldTests : CallFieldTests
    {
        public SqliteCallFieldTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlCallFieldTests : CallFieldTests
    {
        public PostgreSqlCallFieldTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
