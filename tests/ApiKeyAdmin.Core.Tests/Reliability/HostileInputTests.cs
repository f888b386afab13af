using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// Names, descriptions and users that look like code, hide characters or are far too long: each is stored exactly as
    /// given or refused with its own ErrorId before the store is touched, and none breaks a later read.
    /// (Account names that look like SQL or wildcards are in KeyQueryTests; the rules themselves in KeyPolicyTests.)
    /// </summary>
    public sealed class HostileInputTests : IDisposable
    {
        // By description: xunit serialises theory data as UTF-8, which would alter lone surrogates and some controls.
        private static readonly Dictionary<string, string> Kept = new Dictionary<string, string>
        {
            ["quotes"] = "O'Brien's \"main\" key `prod`",
            ["SQL"] = "x'); DROP TABLE keys; DELETE FROM audit WHERE ('1'='1",
            ["LIKE and GLOB wildcards"] = "100% of *all* [keys] _here_ ?",
            ["PowerShell"] = "$(Remove-Item -Recurse -Force /) @{a=1} ${env:PATH}",
            ["HTML"] = "<script>alert(document.cookie)</script>",
            ["CSV formula"] = "=HYPERLINK(\"http://example.test\",\"click\")",
            ["format string"] = "{0} %s %n %x",
            ["right-to-left text"] = "חשבון ראשי — الحساب",
            ["astral characters"] = "🔑 keys 𝔄𝔅",
            ["1024 characters"] = new string('d', 1024),
        };

        private static readonly Dictionary<string, string> Refused = new Dictionary<string, string>
        {
            ["1025 characters"] = new string('d', 1025),
            ["10,000 characters"] = new string('d', 10_000),
            ["line feed"] = "line one\nline two",
            ["tab"] = "a\tb",
            ["NUL"] = "before\0after",
            ["escape sequence"] = "\u001b[31mred\u001b[0m",
            ["U+200F right-to-left mark"] = "billing\u200F",
            ["U+202E right-to-left override"] = "invoice\u202Efdp.exe",
            ["U+2067 right-to-left isolate"] = "\u2067isolated\u2069",
            ["U+061C Arabic letter mark"] = "a\u061Cb",
            ["U+200B zero-width space"] = "bill\u200Bing",
            ["lone surrogate"] = "bad\uD800",
        };

        private readonly TestStore store = new TestStore();

        public HostileInputTests()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, "first");
        }

        public static TheoryData<string> KeptText => new TheoryData<string>(Kept.Keys);

        public static TheoryData<string> RefusedText => new TheoryData<string>(Refused.Keys);

        public void Dispose() => store.Dispose();

        [Theory]
        [MemberData(nameof(KeptText))]
        public void Descriptions_and_account_names_that_look_like_code_are_stored_and_read_back_exactly(string what)
        {
            string text = Kept[what];
            string account = text.Length <= KeyPolicy.MaxAccountLength ? text : text.Substring(0, KeyPolicy.MaxAccountLength);

            IssuedKey made = store.Manager.Keys.Create(account, KeyKind.Standard, text);
            IssuedKey rotated = store.Manager.Keys.Rotate(account, KeyKind.Standard, null, TimeSpan.FromDays(1));

            ApiKey read = Assert.Single(store.Manager.Keys.List(new KeyQuery { Accounts = new[] { account } }).Keys, k => k.Key.Status == KeyStatus.Active).Key;
            Assert.Equal(account, read.Account);
            Assert.Equal(text, read.Description);
            Assert.Equal(text, store.Key(made.Key.KeyId).Description);
            Assert.Equal(rotated.Key.KeyId, read.KeyId);
            Assert.Equal(new[] { account, account }, store.Manager.Logs.ReadAudit(new AuditFilter { Accounts = new[] { account } }, CancellationToken.None).Select(a => a.Account));
            Assert.Contains(account, store.Manager.Completion.Values(CompletionSubject.Account).Select(v => v.Value));
            AssertStoreReadsWhole(accounts: 2);
        }

        [Theory]
        [MemberData(nameof(RefusedText))]
        public void Descriptions_with_hidden_characters_or_over_1024_characters_are_InvalidDescription_and_change_nothing(string what)
        {
            string text = Refused[what];
            long rows = store.Count("SELECT count(*) FROM audit");

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Create("beta", KeyKind.Standard, text));

            Assert.Equal("InvalidDescription", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(0, store.Count("SELECT count(*) FROM accounts WHERE name = 'beta'"));
            AssertStoreReadsWhole(accounts: 1);
        }

        [Theory]
        [MemberData(nameof(RefusedText))]
        public void Account_and_user_names_with_hidden_characters_or_too_long_are_refused_before_the_store_is_touched(string what)
        {
            string text = Refused[what];
            long rows = store.Count("SELECT count(*) FROM audit");

            Assert.Equal("InvalidAccountName", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Create(text, KeyKind.Standard, null)).ErrorId);
            Assert.Equal("InvalidAccountName", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Rotate(text, KeyKind.Standard, null, null)).ErrorId);
            Assert.Equal("InvalidAccountName", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.List(new KeyQuery { Accounts = new[] { text } })).ErrorId);
            Assert.Equal("InvalidUserName", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Roles.Grant(text, Roles.SuperAdmin, null)).ErrorId);

            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            AssertStoreReadsWhole(accounts: 1);
        }

        [Fact]
        public void A_key_id_that_cannot_be_one_is_refused_before_any_store_read()
        {
            var counting = new CountingKeyStore(store.NewKeyStore());
            ApiKeyManager manager = store.NewManager(counting, store.Identity);
            string megabyte = new string('k', 1024 * 1024);

            ApiKeyAdminException[] errors =
            {
                Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Keys.List(new KeyQuery { KeyId = megabyte })),
                Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Keys.Reveal(new KeyQuery { KeyId = megabyte })),
                Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Keys.Rotate(null, KeyKind.Standard, megabyte, null)),
                Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Keys.Disable(new[] { megabyte })),
                Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Logs.ReadAudit(new AuditFilter { KeyId = megabyte }, CancellationToken.None)),
                Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Logs.ReadCalls(new CallFilter { KeyId = megabyte }, CancellationToken.None)),
            };

            Assert.All(errors, e => Assert.Equal("InvalidKeyId", e.ErrorId));
            Assert.All(errors, e => Assert.True(e.Message.Length < 500, $"{e.Message.Length} characters"));
            Assert.Empty(counting.Calls);
        }

        [Fact]
        public void User_names_that_look_like_code_are_taken_literally_and_key_ids_that_cannot_be_ids_are_InvalidKeyId()
        {
            foreach (string user in Kept.Values.Where(v => v.Length <= KeyPolicy.MaxUserLength))
            {
                store.Manager.Roles.Grant(user, Roles.SuperAdmin, null);
            }

            Assert.Equal(Kept.Values.Count(v => v.Length <= KeyPolicy.MaxUserLength) + 1, store.Manager.Roles.List().Count);
            // None of them can be a key id: each is InvalidKeyId before the store is read.
            foreach (string keyId in new[] { "' OR '1'='1", "%", "*", "key_%", "key_*", "key_000000000000000%", "\0", new string('k', 10_000) })
            {
                Assert.Equal("InvalidKeyId", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Disable(null, KeyKind.Standard, keyId)).ErrorId);
                Assert.Equal("InvalidKeyId", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.List(new KeyQuery { KeyId = keyId })).ErrorId);
            }

            Assert.Equal(KeyStatus.Active, Assert.Single(store.KeysOf("acme")).Status);
            AssertStoreReadsWhole(accounts: 1);
        }

        private void AssertStoreReadsWhole(int accounts)
        {
            Assert.Equal(accounts, store.Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.Account).Distinct().Count());
            Assert.NotEmpty(store.Audit());
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);
        }
    }
}
