using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>The store session's rules, through the manager: the first write makes the store, reads never do, and every capability refuses a user without the role and audits the refusal; run against each store.</summary>
    public abstract class StoreSessionTests : ManagerTestBase
    {
        protected StoreSessionTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void First_write_creates_the_store_with_its_creator_as_Super_Admin_and_audits_it()
        {
            Assert.False(Manager.StoreExists);

            IssuedKey issued = Manager.Keys.Create("acme", KeyKind.Standard, "billing");

            Assert.True(Manager.StoreExists);
            AdminRole role = Assert.Single(Manager.Roles.List());
            Assert.Equal(TestStore.Owner, role.User);
            Assert.Equal(Roles.SuperAdmin, role.Role);
            Assert.Equal(TestStore.Owner, role.GrantedBy);
            Assert.Equal(Clock.UtcNow, role.GrantedAt);

            List<AuditEntry> audit = Store.Audit();
            Assert.Equal(new[] { AuditAction.StoreCreated, AuditAction.RoleGranted, AuditAction.Created }, audit.Select(a => a.Action));
            Assert.Equal(new long[] { 1, 2, 3 }, audit.Select(a => a.Sequence));
            Assert.All(audit, a => Assert.Equal(TestStore.Owner, a.Actor));
            Assert.Contains(TestStore.Owner, audit[1].Detail);
            Assert.Equal("acme", audit[2].Account);
            Assert.Equal(issued.Key.KeyId, audit[2].KeyId);
        }

        [SkippableFact]
        public void Granting_a_role_on_a_missing_store_creates_it_with_the_granter_as_first_Super_Admin()
        {
            AdminRole granted = Manager.Roles.Grant("bob", "superadmin", "bob@example.com");

            Assert.Equal(Roles.SuperAdmin, granted.Role);
            Assert.Equal("bob@example.com", granted.Email);
            Assert.Equal(new[] { "alice", "bob" }, Manager.Roles.List().Select(r => r.User));
            Assert.Equal(
                new[] { AuditAction.StoreCreated, AuditAction.RoleGranted, AuditAction.RoleGranted },
                Store.Audit().Select(a => a.Action));
        }

        [SkippableFact]
        public void Setting_a_policy_on_a_missing_store_creates_it_with_that_policy()
        {
            StorePolicy policy = Manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never });

            Assert.Equal(RevealPolicy.Never, policy.Reveal);
            Assert.True(Manager.StoreExists);
            Assert.Equal(new[] { TestStore.Owner }, Manager.Roles.List().Select(r => r.User));
            Assert.Equal(
                new[] { AuditAction.StoreCreated, AuditAction.RoleGranted, AuditAction.PolicyChanged },
                Store.Audit().Select(a => a.Action));
            string keyId = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            Assert.Equal("RevealDisabled", Assert.Single(Manager.Keys.Reveal(new KeyQuery { KeyId = keyId }).Errors).ErrorId);
        }

        [SkippableFact]
        public void Reading_never_creates_a_store()
        {
            Assert.Empty(Manager.Keys.List(new KeyQuery()).Keys);
            Assert.Empty(Manager.Roles.List());
            Assert.Empty(Manager.Logs.ReadAudit(new AuditFilter(), CancellationToken.None));
            Assert.Empty(Manager.Completion.Values(CompletionSubject.Account).Select(v => v.Value));
            Assert.Equal("StoreNotFound", Fails(() => Manager.Keys.Reveal(new KeyQuery())).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Keys.Rotate("acme", KeyKind.Standard, null, null)).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Keys.Disable("acme", KeyKind.Standard, null)).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Roles.Revoke("bob", Roles.SuperAdmin)).ErrorId);
            Assert.Equal("StoreNotFound", Fails(() => Manager.Policy.Get()).ErrorId);
            ApiKeyAdminException ex = Fails(() => Manager.Audit.Verify(CancellationToken.None));
            Assert.Equal("StoreNotFound", ex.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
            Assert.Equal(Store.Location, ex.Target);

            Assert.False(Manager.StoreExists);
            Assert.False(Store.Made);
            Assert.False(Directory.Exists(Store.KeyFolder.Folder));
        }

        public static TheoryData<string> Operations => new TheoryData<string>
        {
            "CreateKey", "GetKeys", "RevealKeys", "RotateKey", "DisableKeys", "GrantRole", "RevokeRole", "GetRoles",
            "GetPolicy", "SetPolicy", "ReadAudit", "VerifyAudit", "GetSunsetNotice", "GetMigrationReport",
        };

        [SkippableTheory]
        [MemberData(nameof(Operations))]
        public void A_user_without_the_role_gets_SuperAdminRequired_and_the_refusal_is_audited(string operation)
        {
            string keyId = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            int rows = Store.Audit().Count;
            ApiKeyManager mallory = Store.NewManager(new TestIdentity("mallory"));

            var ex = Assert.Throws<PermissionDeniedException>(() => Run(mallory, operation));

            Assert.Equal("SuperAdminRequired", ex.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
            Assert.Equal("mallory", ex.User);
            Assert.Equal("mallory", ex.Target);
            Assert.Equal(Roles.SuperAdmin, ex.RequiredRole);
            Assert.Contains(Roles.SuperAdmin, ex.Message);

            List<AuditEntry> audit = Store.Audit();
            Assert.Equal(rows + 1, audit.Count);
            Assert.Equal(AuditAction.AccessDenied, audit.Last().Action);
            Assert.Equal("mallory", audit.Last().Actor);
            Assert.Equal(keyId, Assert.Single(Manager.Keys.List(new KeyQuery()).Keys).Key.KeyId);
            Assert.Equal(new[] { TestStore.Owner }, Manager.Roles.List().Select(r => r.User));
            Assert.Equal(RevealPolicy.Allowed, Manager.Policy.Get().Reveal);
            Assert.True(Store.Verify().IsValid);
        }

        [SkippableFact]
        public void A_refusal_is_audited_with_the_operation_and_its_target_not_only_the_missing_role()
        {
            string keyId = Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            ApiKeyManager mallory = Store.NewManager(new TestIdentity("mallory"));

            Fails(() => mallory.Keys.Rotate(null, KeyKind.Standard, keyId, null));
            Fails(() => mallory.Keys.Disable("acme", KeyKind.Standard, null));
            Fails(() => mallory.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never, SunsetAt = null }));
            Fails(() => mallory.Roles.Grant("mallory", Roles.SuperAdmin, null));
            Assert.ThrowsAny<ApiKeyAdminException>(() => mallory.Logs.ReadCalls(new CallFilter { Accounts = new[] { "globex" } }, CancellationToken.None).ToList());

            List<AuditEntry> refused = Store.Audit().Where(a => a.Action == AuditAction.AccessDenied).ToList();
            Assert.Equal(5, refused.Count);
            Assert.All(refused, a => Assert.Contains($"mallory lacks the {Roles.SuperAdmin} role", a.Detail));
            Assert.Equal((keyId, string.Empty), (refused[0].KeyId, refused[0].Account));
            Assert.Contains($"rotate a Standard key (key {keyId})", refused[0].Detail);
            Assert.Equal("acme", refused[1].Account);
            Assert.Contains("deactivate the Standard keys of account 'acme'", refused[1].Detail);
            Assert.Contains("change the store policy (setting Reveal, SunsetAt)", refused[2].Detail);
            Assert.Contains($"grant the {Roles.SuperAdmin} role to 'mallory'", refused[3].Detail);
            Assert.Equal("globex", refused[4].Account);
            Assert.Contains("read the call log of account 'globex'", refused[4].Detail);
            Assert.True(Store.Verify().IsValid);
        }

        private static void Run(ApiKeyManager manager, string operation)
        {
            switch (operation)
            {
                case "CreateKey": manager.Keys.Create("beta", KeyKind.Standard, null); break;
                case "GetKeys": manager.Keys.List(new KeyQuery()); break;
                case "RevealKeys": manager.Keys.Reveal(new KeyQuery()); break;
                case "RotateKey": manager.Keys.Rotate("acme", KeyKind.Standard, null, null); break;
                case "DisableKeys": manager.Keys.Disable("acme", KeyKind.Standard, null); break;
                case "GrantRole": manager.Roles.Grant("mallory", Roles.SuperAdmin, null); break;
                case "RevokeRole": manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin); break;
                case "GetRoles": manager.Roles.List(); break;
                case "GetPolicy": manager.Policy.Get(); break;
                case "SetPolicy": manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never }); break;
                case "GetSunsetNotice": manager.Sunset.Notice(); break;
                case "GetMigrationReport": manager.Sunset.Report(); break;
                case "ReadAudit": manager.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToList(); break;
                case "VerifyAudit": manager.Audit.Verify(CancellationToken.None); break;
                default: throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
            }
        }
    }

    public sealed class SqliteStoreSessionTests : StoreSessionTests
    {
        public SqliteStoreSessionTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlStoreSessionTests : StoreSessionTests
    {
        public PostgreSqlStoreSessionTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
