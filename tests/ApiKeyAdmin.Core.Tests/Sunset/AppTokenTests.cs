using System;
using System.Linq;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Sunset
{
    public abstract class AppTokenTests : IDisposable
    {
        private readonly LogTestStore store;

        protected AppTokenTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
        }

        public void Dispose() => store.Dispose();

        private ApiKeyManager Manager => store.Manager;

        private IssuedKey Token(string account, string app, params string[] scopes) => Manager.Keys.Create(account, KeyKind.AppToken, null, app, scopes);

        [SkippableFact]
        public void A_token_has_its_own_prefix_its_app_and_its_scopes_sorted_and_distinct_in_one_string()
        {
            IssuedKey token = Token("acme", "crm-sync", "crm.objects.contacts.write crm.objects.contacts.read", "crm.objects.contacts.read");

            Assert.StartsWith("akt_", token.Key.MaskedKey);
            Assert.True(KeyFormat.IsWellFormed(token.Secret, out KeyKind kind));
            Assert.Equal(KeyKind.AppToken, kind);
            Assert.Matches(KeyFormat.ScannerPattern, token.Secret.Substring(0, 4) + new string('0', KeyFormat.SecretLength - 4));
            Assert.Equal("crm-sync", token.Key.AppName);
            Assert.Equal("crm.objects.contacts.read crm.objects.contacts.write", token.Key.Scope);
            Assert.Equal(string.Empty, store.CreateKey("acme").Key.AppName + store.CreateKey("globex").Key.Scope);
        }

        [SkippableFact]
        public void An_account_holds_one_active_token_per_app_and_a_second_for_the_same_app_is_ActiveKeyExists()
        {
            Token("acme", "crm", "crm.read");
            Token("acme", "billing", "billing.read");

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => Token("acme", "CRM", "crm.read"));

            Assert.Equal("ActiveKeyExists", ex.ErrorId);
            Assert.Contains("-Kind AppToken -AppName 'CRM'", ex.Message);
            Assert.Equal(2, Manager.Keys.List(new KeyQuery { Accounts = new[] { "acme" }, Kinds = new[] { KeyKind.AppToken } }).Keys.Count);
            Assert.Single(Manager.Keys.List(new KeyQuery { Accounts = new[] { "acme" }, Kinds = new[] { KeyKind.AppToken }, AppName = "billing" }).Keys);
        }

        [SkippableTheory]
        [InlineData("Crm.Read")]
        [InlineData("crm..read")]
        [InlineData("crm.read.")]
        [InlineData("1crm")]
        [InlineData("crm-read")]
        [InlineData("crm.read;drop")]
        public void Scope_names_other_than_lowercase_dotted_words_are_InvalidScope(string scope)
        {
            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => Token("acme", "crm", "crm.read", scope));

            Assert.Equal("InvalidScope", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        }

        [SkippableFact]
        public void Tokens_need_an_app_name_and_a_scope_and_keys_take_neither()
        {
            Assert.Equal("AppNameRequired", Assert.ThrowsAny<ApiKeyAdminException>(() => Token("acme", null, "crm.read")).ErrorId);
            Assert.Equal("ScopeRequired", Assert.ThrowsAny<ApiKeyAdminException>(() => Token("acme", "crm")).ErrorId);
            Assert.Equal("InvalidAppName", Assert.ThrowsAny<ApiKeyAdminException>(() => Token("acme", " crm", "crm.read")).ErrorId);
            Assert.Equal("AppNameNotAllowed", Assert.ThrowsAny<ApiKeyAdminException>(() => Manager.Keys.Create("acme", KeyKind.Standard, null, "crm")).ErrorId);
            Assert.Equal("ScopeNotAllowed", Assert.ThrowsAny<ApiKeyAdminException>(() => Manager.Keys.Create("acme", KeyKind.Developer, null, null, new[] { "crm.read" })).ErrorId);
        }

        [SkippableFact]
        public void A_token_verifies_when_it_holds_every_required_scope_and_is_refused_with_InsufficientScope_otherwise()
        {
            IssuedKey token = Token("acme", "crm", "crm.objects.contacts.read", "crm.schemas.read");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false });

            Assert.Equal(VerificationReason.Valid, verifier.Verify(token.Secret).Reason);
            Assert.Equal(VerificationReason.Valid, verifier.Verify(token.Secret, new[] { "crm.objects.contacts.read", "crm.schemas.read" }).Reason);
            VerificationResult refused = verifier.Verify(token.Secret, new[] { "crm.objects.contacts.read", "crm.objects.contacts.write" });
            Assert.False(refused.IsValid);
            Assert.Equal(VerificationReason.InsufficientScope, refused.Reason);
            Assert.Equal(KeyKind.AppToken, refused.Kind);
        }

        [SkippableFact]
        public void Rotation_keeps_the_app_and_scopes_and_the_grace_rule_holds_per_app()
        {
            IssuedKey crm = Token("acme", "crm", "crm.read");
            IssuedKey billing = Token("acme", "billing", "billing.read");

            IssuedKey first = Manager.Keys.Rotate("acme", KeyKind.AppToken, null, TimeSpan.FromHours(1), "crm");
            IssuedKey second = Manager.Keys.Rotate("acme", KeyKind.AppToken, null, TimeSpan.FromHours(1), "crm");

            Assert.Equal("crm", second.Key.AppName);
            Assert.Equal("crm.read", second.Key.Scope);
            Assert.StartsWith("akt_", second.Secret);
            Assert.Equal(KeyStatus.Deactivated, Manager.Keys.List(new KeyQuery { KeyId = crm.Key.KeyId }).Keys.Single().Key.Status);
            Assert.Equal(KeyStatus.Expiring, Manager.Keys.List(new KeyQuery { KeyId = first.Key.KeyId }).Keys.Single().Key.Status);
            Assert.Equal(KeyStatus.Active, Manager.Keys.List(new KeyQuery { KeyId = billing.Key.KeyId }).Keys.Single().Key.Status);
        }

        [SkippableFact]
        public void Disabling_by_account_and_app_ends_that_apps_token_only_and_needs_the_app_name()
        {
            IssuedKey crm = Token("acme", "crm", "crm.read");
            IssuedKey billing = Token("acme", "billing", "billing.read");

            Assert.Equal("AppNameRequired", Assert.ThrowsAny<ApiKeyAdminException>(() => Manager.Keys.Disable("acme", KeyKind.AppToken, null)).ErrorId);
            ApiKey disabled = Manager.Keys.Disable("acme", KeyKind.AppToken, null, "crm").Single();

            Assert.Equal(crm.Key.KeyId, disabled.KeyId);
            Assert.Equal(KeyStatus.Active, Manager.Keys.List(new KeyQuery { KeyId = billing.Key.KeyId }).Keys.Single().Key.Status);
            Assert.Equal("KeyNotFound", Assert.ThrowsAny<ApiKeyAdminException>(() => Manager.Keys.Rotate("acme", KeyKind.AppToken, null, null, "crm")).ErrorId);
        }

        [SkippableFact]
        public void A_scope_widened_by_hand_in_the_database_makes_the_token_unknown_to_the_verifier_and_refused_by_the_manager()
        {
            IssuedKey token = Token("acme", "crm", "crm.read");

            store.Sql($"UPDATE keys SET scope = 'crm.read crm.write' WHERE key_id = '{token.Key.KeyId}'");

            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false });
            Assert.Equal(VerificationReason.Unknown, verifier.Verify(token.Secret, new[] { "crm.write" }).Reason);
            Assert.Equal(VerificationReason.Unknown, verifier.Verify(token.Secret).Reason);
            Assert.Equal("IntegrityCheckFailed", Assert.ThrowsAny<ApiKeyAdminException>(() => Manager.Keys.Rotate(null, KeyKind.AppToken, token.Key.KeyId, null)).ErrorId);
        }

        [SkippableFact]
        public void A_token_moved_to_another_app_by_hand_fails_its_integrity_check()
        {
            IssuedKey token = Token("acme", "crm", "crm.read");

            store.Sql($"UPDATE keys SET app_name = 'billing' WHERE key_id = '{token.Key.KeyId}'");

            Assert.Equal(VerificationReason.Unknown, store.NewVerifier(new KeyVerifierOptions { BatchCalls = false }).Verify(token.Secret).Reason);
        }
    }

    public sealed class SqliteAppTokenTests : AppTokenTests
    {
        public SqliteAppTokenTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlAppTokenTests : AppTokenTests
    {
        public PostgreSqlAppTokenTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
