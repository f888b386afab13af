using System;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Sunset
{
    public abstract class SunsetPolicyTests : IDisposable
    {
        private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(200);

        private readonly LogTestStore store;

        protected SunsetPolicyTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
        }

        public void Dispose() => store.Dispose();

        private DateTimeOffset Now => store.Clock.UtcNow;

        private ApiKeyManager Manager => store.Manager;

        private StorePolicy Set(DateTimeOffset? newKeysUntil = null, DateTimeOffset? sunsetAt = null, bool clearNewKeys = false, bool clearSunset = false)
        {
            var change = new StorePolicyChange();
            if (newKeysUntil.HasValue || clearNewKeys)
            {
                change.NewKeysUntil = newKeysUntil;
            }

            if (sunsetAt.HasValue || clearSunset)
            {
                change.SunsetAt = sunsetAt;
            }

            return Manager.Policy.Set(change);
        }

        [SkippableFact]
        public void The_dates_are_kept_in_UTC_read_back_and_audited_with_before_and_after()
        {
            store.CreateKey("seed");
            var until = new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.FromHours(2));

            StorePolicy policy = Set(newKeysUntil: until, sunsetAt: until.AddDays(138));

            Assert.Equal(until, policy.NewKeysUntil);
            Assert.Equal(TimeSpan.Zero, policy.NewKeysUntil.Value.Offset);
            Assert.Equal(until.AddDays(138), Manager.Policy.Get().SunsetAt);
            AuditEntry row = Manager.Logs.ReadAudit(new AuditFilter { Actions = new[] { AuditAction.PolicyChanged } }, CancellationToken.None).Single();
            Assert.Equal("NewKeysUntil: (none) -> 2026-07-15 00:00:00Z; SunsetAt: (none) -> 2026-11-30 00:00:00Z", row.Detail);
        }

        [SkippableFact]
        public void Clearing_one_date_leaves_the_other_and_a_change_without_settings_is_refused()
        {
            store.CreateKey("seed");
            Set(newKeysUntil: Now, sunsetAt: Now.AddDays(1));

            StorePolicy policy = Set(clearNewKeys: true);

            Assert.Null(policy.NewKeysUntil);
            Assert.Equal(Now.AddDays(1), policy.SunsetAt);
            Assert.Equal("NoPolicySetting", Assert.ThrowsAny<ApiKeyAdminException>(() => Manager.Policy.Set(new StorePolicyChange())).ErrorId);
        }

        [SkippableFact]
        public void Before_NewKeysUntil_any_account_gets_a_first_standard_key()
        {
            store.CreateKey("seed");
            Set(newKeysUntil: Now.AddSeconds(1));

            Assert.Equal(KeyStatus.Active, store.CreateKey("newcomer").Key.Status);
        }

        [SkippableFact]
        public void From_NewKeysUntil_a_first_standard_key_is_NewKeysClosed_naming_the_date_and_the_app_token_command()
        {
            store.CreateKey("seed");
            Set(newKeysUntil: Now);

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.CreateKey("newcomer"));

            Assert.Equal("NewKeysClosed", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Equal("newcomer", ex.Target);
            Assert.Contains(StoreSettings.Show(Now), ex.Message);
            Assert.Contains("New-ApiKey -Account 'newcomer' -Kind AppToken -AppName", ex.Message);
            Assert.Empty(Manager.Keys.List(new KeyQuery { Accounts = new[] { "newcomer" }, IncludeInactive = true }).Keys);
        }

        [SkippableFact]
        public void After_NewKeysUntil_an_account_that_had_a_standard_key_makes_one_again_and_rotation_goes_on()
        {
            store.CreateKey("acme");
            string rotating = store.CreateKey("globex").Key.KeyId;
            Manager.Keys.Disable("acme", KeyKind.Standard, null);
            Set(newKeysUntil: Now);
            store.Clock.Advance(TimeSpan.FromDays(1));

            Assert.Equal(KeyStatus.Active, store.CreateKey("acme").Key.Status);
            Assert.NotEqual(rotating, Manager.Keys.Rotate("globex", KeyKind.Standard, null, null).Key.KeyId);
        }

        [SkippableFact]
        public void After_NewKeysUntil_developer_keys_and_app_tokens_are_still_made_and_clearing_it_reopens_standard_keys()
        {
            store.CreateKey("seed");
            Set(newKeysUntil: Now);

            Assert.Equal(KeyKind.Developer, Manager.Keys.Create("newcomer", KeyKind.Developer, null).Key.Kind);
            Assert.Equal(KeyKind.AppToken, Manager.Keys.Create("newcomer", KeyKind.AppToken, null, "crm", new[] { "crm.read" }).Key.Kind);
            Set(clearNewKeys: true);
            Assert.Equal(KeyKind.Standard, store.CreateKey("newcomer").Key.Kind);
        }

        [SkippableFact]
        public void From_SunsetAt_standard_keys_fail_with_Sunset_while_developer_keys_and_tokens_verify_and_nothing_is_deleted()
        {
            IssuedKey standard = store.CreateKey("acme");
            IssuedKey developer = Manager.Keys.Create("acme", KeyKind.Developer, null);
            IssuedKey token = Manager.Keys.Create("acme", KeyKind.AppToken, null, "crm", new[] { "crm.read" });
            Set(sunsetAt: Now.AddHours(1));
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false });

            Assert.Equal(VerificationReason.Valid, verifier.Verify(standard.Secret).Reason);
            store.Clock.Advance(TimeSpan.FromHours(1));

            VerificationResult refused = verifier.Verify(standard.Secret);
            Assert.False(refused.IsValid);
            Assert.Equal(VerificationReason.Sunset, refused.Reason);
            Assert.Equal(standard.Key.KeyId, refused.KeyId);
            Assert.True(verifier.Verify(developer.Secret).IsValid);
            Assert.True(verifier.Verify(token.Secret, new[] { "crm.read" }).IsValid);
            Assert.Equal(KeyStatus.Active, store.Manager.Keys.List(new KeyQuery { KeyId = standard.Key.KeyId }).Keys.Single().Key.Status);
        }

        [SkippableFact]
        public void A_standard_key_holds_every_scope_until_its_sunset()
        {
            IssuedKey standard = store.CreateKey("acme");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false });

            Assert.Equal(VerificationReason.Valid, verifier.Verify(standard.Secret, new[] { "crm.objects.contacts.write" }).Reason);
        }

        [SkippableFact]
        public void A_sunset_set_moved_or_cleared_through_another_manager_reaches_a_running_verifier_within_its_change_check_interval()
        {
            IssuedKey standard = store.CreateKey("acme");
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false, ChangeCheckInterval = CheckInterval });
            Assert.True(verifier.Verify(standard.Secret).IsValid);
            ApiKeyManager other = store.NewManager(LogTestStore.Owner);

            other.Policy.Set(new StorePolicyChange { SunsetAt = Now.AddMinutes(-1) });
            Thread.Sleep(CheckInterval + TimeSpan.FromMilliseconds(50));
            Assert.Equal(VerificationReason.Sunset, verifier.Verify(standard.Secret).Reason);

            other.Policy.Set(new StorePolicyChange { SunsetAt = Now.AddDays(30) });
            Thread.Sleep(CheckInterval + TimeSpan.FromMilliseconds(50));
            Assert.Equal(VerificationReason.Valid, verifier.Verify(standard.Secret).Reason);

            other.Policy.Set(new StorePolicyChange { SunsetAt = Now.AddMinutes(-1) });
            Thread.Sleep(CheckInterval + TimeSpan.FromMilliseconds(50));
            Assert.Equal(VerificationReason.Sunset, verifier.Verify(standard.Secret).Reason);
            other.Policy.Set(new StorePolicyChange { SunsetAt = null });
            Thread.Sleep(CheckInterval + TimeSpan.FromMilliseconds(50));
            Assert.Equal(VerificationReason.Valid, verifier.Verify(standard.Secret).Reason);
        }

        [SkippableFact]
        public void Refusals_for_the_sunset_are_written_to_the_call_log_with_their_reason()
        {
            IssuedKey standard = store.CreateKey("acme");
            Set(sunsetAt: Now);
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false });

            verifier.Verify(standard.Secret, "GET", "/contacts");

            CallRecord call = Manager.Logs.ReadCalls(new CallFilter(), CancellationToken.None).Single();
            Assert.Equal(VerificationReason.Sunset, call.Reason);
            Assert.Equal(CallOutcome.Denied, call.Outcome);
            Assert.Equal("acme", call.Account);
        }
    }

    public sealed class SqliteSunsetPolicyTests : SunsetPolicyTests
    {
        public SqliteSunsetPolicyTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlSunsetPolicyTests : SunsetPolicyTests
    {
        public PostgreSqlSunsetPolicyTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
