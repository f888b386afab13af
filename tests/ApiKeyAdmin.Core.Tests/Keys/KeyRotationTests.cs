using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Secrets;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Rotation and deactivation: at once or with a grace period, by account or by key id; run against each store.</summary>
    public abstract class KeyRotationTests : ManagerTestBase
    {
        protected KeyRotationTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void Rotate_without_grace_deactivates_the_old_key_at_once()
        {
            IssuedKey old = Manager.Keys.Create("acme", KeyKind.Standard, "billing");
            Clock.Advance(TimeSpan.FromHours(1));

            IssuedKey issued = Manager.Keys.Rotate("acme", KeyKind.Standard, null, null);

            Assert.True(issued.Secret != old.Secret, "rotation returned the old secret");
            Assert.True(KeyFormat.IsWellFormed(issued.Secret, out _), "the new secret is not well formed");
            Assert.NotEqual(old.Key.KeyId, issued.Key.KeyId);
            Assert.Equal(KeyStatus.Active, issued.Key.Status);
            Assert.Equal(Clock.UtcNow, issued.Key.CreatedAt);
            Assert.Equal("billing", issued.Key.Description);

            ApiKey before = Store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Deactivated, before.Status);
            Assert.Equal(Clock.UtcNow, before.DeactivatedAt);
            Assert.Equal(TestStore.Owner, before.DeactivatedBy);
            Assert.Null(before.ExpiresAt);
            Assert.Equal(new[] { issued.Key.KeyId }, Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId));

            AuditEntry rotated = Store.Audit().Last();
            Assert.Equal(AuditAction.Rotated, rotated.Action);
            Assert.Equal(issued.Key.KeyId, rotated.KeyId);
            Assert.Contains(old.Key.KeyId, rotated.Detail);
        }

        [SkippableFact]
        public void Rotate_keeps_old_key_valid_until_grace_ends()
        {
            IssuedKey old = Manager.Keys.Create("acme", KeyKind.Standard, null);
            DateTimeOffset rotatedAt = Clock.UtcNow;

            IssuedKey issued = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(2));

            ApiKey expiring = Store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Expiring, expiring.Status);
            Assert.Equal(rotatedAt.AddDays(2), expiring.ExpiresAt);
            Assert.Null(expiring.DeactivatedAt);
            Assert.Equal(
                new[] { issued.Key.KeyId, old.Key.KeyId }.OrderBy(id => id),
                Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId).OrderBy(id => id));

            Clock.UtcNow = rotatedAt.AddDays(2).AddMilliseconds(-1);
            Assert.Equal(KeyStatus.Expiring, Store.Key(old.Key.KeyId).Status);

            Clock.UtcNow = rotatedAt.AddDays(2);
            ApiKey expired = Store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Deactivated, expired.Status);
            Assert.Equal(rotatedAt.AddDays(2), expired.DeactivatedAt);
            Assert.Equal(new[] { issued.Key.KeyId }, Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId));

            // The next write that meets the key records the end of its grace.
            Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));
            AuditEntry recorded = Assert.Single(Store.Audit(), a => a.Action == AuditAction.Expired);
            Assert.Equal(old.Key.KeyId, recorded.KeyId);
            Assert.Equal(1, Store.Count("SELECT count(*) FROM keys WHERE status = 1"));
        }

        [SkippableFact]
        public void Keys_that_no_longer_rotate_agree_on_their_state()
        {
            DateTimeOffset created = Clock.UtcNow;
            IssuedKey old = Manager.Keys.Create("acme", KeyKind.Standard, null);
            Clock.UtcNow = created.AddDays(200);

            Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(2));

            ApiKey expiring = Store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Expiring, expiring.Status);
            Assert.Null(expiring.DeactivatedAt);
            Assert.Null(expiring.DeactivatedBy);
            Assert.Equal(RotationState.Inactive, expiring.RotationState);

            Clock.Advance(TimeSpan.FromDays(3));
            ApiKey expired = Store.Key(old.Key.KeyId);
            Assert.Equal(KeyStatus.Deactivated, expired.Status);
            Assert.Equal(TestStore.Owner, expired.DeactivatedBy);
            Assert.Equal(RotationState.Inactive, expired.RotationState);
        }

        [SkippableFact]
        public void A_second_rotation_during_grace_deactivates_the_earlier_Expiring_key()
        {
            string first = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string second = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;
            Clock.Advance(TimeSpan.FromHours(1));

            string third = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;

            ApiKey cut = Store.Key(first);
            Assert.Equal(KeyStatus.Deactivated, cut.Status);
            Assert.Equal(Clock.UtcNow, cut.DeactivatedAt);
            Assert.Equal(KeyStatus.Expiring, Store.Key(second).Status);
            Assert.Equal(Clock.UtcNow.AddDays(1), Store.Key(second).ExpiresAt);
            Assert.Equal(KeyStatus.Active, Store.Key(third).Status);
            Assert.Equal(
                new[] { second, third }.OrderBy(id => id),
                Manager.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.KeyId).OrderBy(id => id));
            AuditEntry deactivated = Assert.Single(Store.Audit(), a => a.Action == AuditAction.Deactivated);
            Assert.Equal(first, deactivated.KeyId);
        }

        [SkippableTheory]
        [InlineData(-1)]
        [InlineData(7 * 24 * 3600 * 1000L + 1)]
        public void Grace_over_7_days_or_negative_is_InvalidGracePeriod_and_changes_nothing(long milliseconds)
        {
            string id = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            int rows = Store.Audit().Count;

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromMilliseconds(milliseconds)));

            Assert.Equal("InvalidGracePeriod", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
            Assert.Equal(rows, Store.Audit().Count);
            Assert.Equal(KeyStatus.Active, Assert.Single(Store.KeysOf("acme")).Status);
            Assert.Equal(id, Store.KeysOf("acme")[0].KeyId);
        }

        [SkippableFact]
        public void Rotation_with_a_grace_of_exactly_7_days_is_allowed()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(7));

            Assert.Contains(Store.KeysOf("acme"), k => k.Status == KeyStatus.Expiring && k.ExpiresAt == Clock.UtcNow.AddDays(7));
        }

        [SkippableFact]
        public void Disable_of_an_account_deactivates_its_Active_and_Expiring_keys_of_the_kind()
        {
            string first = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string second = Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Key.KeyId;
            string developer = Manager.Keys.Create("acme", KeyKind.Developer, null).Key.KeyId;
            Clock.Advance(TimeSpan.FromMinutes(5));

            IReadOnlyList<ApiKey> disabled = Manager.Keys.Disable("acme", KeyKind.Standard, null);

            Assert.Equal(new[] { first, second }.OrderBy(id => id), disabled.Select(k => k.KeyId).OrderBy(id => id));
            Assert.All(disabled, k => Assert.Equal(KeyStatus.Deactivated, k.Status));
            foreach (string id in new[] { first, second })
            {
                ApiKey key = Store.Key(id);
                Assert.Equal(KeyStatus.Deactivated, key.Status);
                Assert.Equal(Clock.UtcNow, key.DeactivatedAt);
                Assert.Equal(TestStore.Owner, key.DeactivatedBy);
            }

            Assert.Equal(KeyStatus.Active, Store.Key(developer).Status);
            Assert.Equal(2, Store.Audit().Count(a => a.Action == AuditAction.Deactivated));
            Assert.Equal("KeyNotFound", Fails(() => Manager.Keys.Disable("acme", KeyKind.Standard, null)).ErrorId);

            // A new key can be generated later.
            Assert.Equal(KeyStatus.Active, Manager.Keys.Create("acme", KeyKind.Standard, null).Key.Status);
        }

        [SkippableFact]
        public void Disable_by_key_id_deactivates_that_key_only_and_not_twice()
        {
            string acme = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            string beta = Manager.Keys.Create("beta", KeyKind.Standard, null).Key.KeyId;

            ApiKey disabled = Assert.Single(Manager.Keys.Disable(null, KeyKind.Standard, acme));

            Assert.Equal(KeyStatus.Deactivated, disabled.Status);
            Assert.Equal(KeyStatus.Active, Store.Key(beta).Status);
            ApiKeyAdminException again = Fails(() => Manager.Keys.Disable(null, KeyKind.Standard, acme));
            Assert.Equal("KeyNotActive", again.ErrorId);
            Assert.Equal(acme, again.Target);
            Assert.Equal("KeyNotActive", Fails(() => Manager.Keys.Rotate(null, KeyKind.Standard, acme, null)).ErrorId);
        }

        [SkippableTheory]
        [InlineData("rotate")]
        [InlineData("disable")]
        public void Rotate_or_disable_of_an_unknown_key_id_is_KeyNotFound_and_changes_nothing(string operation)
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            int rows = Store.Audit().Count;
            const string missing = "key_0000000000000000";

            ApiKeyAdminException ex = operation == "rotate"
                ? Fails(() => Manager.Keys.Rotate(null, KeyKind.Standard, missing, null))
                : Fails(() => Manager.Keys.Disable(null, KeyKind.Standard, missing));

            Assert.IsType<ApiKeyNotFoundException>(ex);
            Assert.Equal("KeyNotFound", ex.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
            Assert.Equal(missing, ex.Target);
            Assert.Equal(rows, Store.Audit().Count);
            Assert.Equal(KeyStatus.Active, Assert.Single(Store.KeysOf("acme")).Status);
        }

        [SkippableFact]
        public void Rotating_an_account_without_a_key_of_the_kind_is_KeyNotFound_naming_the_account()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            ApiKeyAdminException ex = Fails(() => Manager.Keys.Rotate("acme", KeyKind.Developer, null, null));

            Assert.Equal("KeyNotFound", ex.ErrorId);
            Assert.Equal("acme", ex.Target);
        }

        [SkippableFact]
        public void A_key_made_by_rotation_starts_its_own_rotation_clock()
        {
            DateTimeOffset created = Clock.UtcNow;
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Clock.UtcNow = created.AddDays(200);

            ApiKey rotated = Manager.Keys.Rotate("acme", KeyKind.Standard, null, null).Key;

            Assert.Equal(0, rotated.AgeDays);
            Assert.Equal(RotationState.Current, rotated.RotationState);
            Assert.Equal(created.AddDays(380), rotated.RotationDueAt);
        }
    }

    public sealed class SqliteKeyRotationTests : KeyRotationTests
    {
        public SqliteKeyRotationTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyRotationTests : KeyRotationTests
    {
        public PostgreSqlKeyRotationTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
