using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Identity;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Granting and revoking roles, and what a role lets a user do; run against each store.</summary>
    public abstract class RoleAssignmentTests : ManagerTestBase
    {
        protected RoleAssignmentTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void A_granted_user_can_act_and_a_revoked_one_cannot()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            ApiKeyManager bob = Store.NewManager(new TestIdentity("bob"));

            Manager.Roles.Grant("bob", Roles.SuperAdmin, null);
            IssuedKey made = bob.Keys.Create("beta", KeyKind.Standard, null);
            Manager.Roles.Revoke("BOB", Roles.SuperAdmin);

            Assert.Equal("bob", made.Key.CreatedBy);
            Assert.Throws<PermissionDeniedException>(() => bob.Keys.Create("gamma", KeyKind.Standard, null));
            List<AuditEntry> audit = Store.Audit();
            Assert.Contains(audit, a => a.Action == AuditAction.RoleGranted && a.Detail.Contains("bob"));
            Assert.Contains(audit, a => a.Action == AuditAction.RoleRevoked && a.Detail.Contains("bob") && a.Actor == TestStore.Owner);
            Assert.Contains(audit, a => a.Action == AuditAction.Created && a.Actor == "bob" && a.Account == "beta");
        }

        [SkippableFact]
        public void Role_changes_that_make_no_sense_are_refused_with_their_own_ErrorIds()
        {
            Manager.Roles.Grant("bob", Roles.SuperAdmin, null);

            Assert.Equal("RoleAlreadyAssigned", Fails(() => Manager.Roles.Grant("Bob", Roles.SuperAdmin, null)).ErrorId);
            Assert.Equal("RoleNotAssigned", Fails(() => Manager.Roles.Revoke("carol", Roles.SuperAdmin)).ErrorId);
            Assert.Equal("InvalidRole", Fails(() => Manager.Roles.Grant("carol", "Owner", null)).ErrorId);
            Assert.Equal("InvalidUserName", Fails(() => Manager.Roles.Grant("carol\u202e", Roles.SuperAdmin, null)).ErrorId);
            Assert.Equal("InvalidEmail", Fails(() => Manager.Roles.Grant("carol", Roles.SuperAdmin, "carol")).ErrorId);
            Assert.Equal(new[] { "alice", "bob" }, Manager.Roles.List().Select(r => r.User));
        }

        [SkippableFact]
        public void The_last_Super_Admin_cannot_be_revoked()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);

            ApiKeyAdminException ex = Fails(() => Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin));

            Assert.Equal("LastSuperAdmin", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Equal(TestStore.Owner, ex.Target);
            Assert.Equal(new[] { TestStore.Owner }, Manager.Roles.List().Select(r => r.User));
        }

        [SkippableFact]
        public void A_Super_Admin_may_revoke_themselves_while_another_who_has_used_the_store_remains()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.Grant("bob", Roles.SuperAdmin, null);
            ApiKeyManager bob = Store.NewManager(new TestIdentity("bob"));
            bob.Keys.Create("beta", KeyKind.Standard, null);

            Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin);

            Assert.Throws<PermissionDeniedException>(() => Manager.Keys.List(new KeyQuery()));
            Assert.Equal(new[] { "bob" }, bob.Roles.List().Select(r => r.User));
            Assert.Equal("LastSuperAdmin", Fails(() => bob.Roles.Revoke("bob", Roles.SuperAdmin)).ErrorId);
        }

        [SkippableFact]
        public void Revoking_yourself_is_LastSuperAdmin_while_the_other_Super_Admins_never_used_the_store()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.Grant("ghost", Roles.SuperAdmin, null);
            Manager.Roles.Grant("carol", Roles.SuperAdmin, null);
            // Being named in a grant's row is not acting on the store.
            ApiKeyAdminException ex = Fails(() => Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin));

            Assert.Equal("LastSuperAdmin", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
            Assert.Equal(TestStore.Owner, ex.Target);
            Assert.Contains("'ghost'", ex.Message);
            Assert.Equal(new[] { TestStore.Owner, "carol", "ghost" }, Manager.Roles.List().Select(r => r.User));
            Assert.DoesNotContain(Store.Audit(), a => a.Action == AuditAction.RoleRevoked);

            // Listing is no audited act; revoking someone else keeps the old rule; once another Super Admin has acted (an audit
            // row by them), revoking yourself is allowed.
            Store.NewManager(new TestIdentity("carol")).Keys.List(new KeyQuery());
            Assert.Equal("LastSuperAdmin", Fails(() => Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin)).ErrorId);
            Manager.Roles.Revoke("ghost", Roles.SuperAdmin);
            Store.NewManager(new TestIdentity("CAROL")).Keys.Create("beta", KeyKind.Standard, null);
            Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin);
            Assert.Equal(new[] { "carol" }, Store.NewManager(new TestIdentity("carol")).Roles.List().Select(r => r.User));
        }

        [SkippableFact]
        public void The_stores_owner_recovers_Super_Admin_access_and_the_recovery_is_audited()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            ApiKeyManager owner = Store.NewManager(new TestIdentity(StoreOwner));
            Assert.Throws<PermissionDeniedException>(() => owner.Keys.List(new KeyQuery()));

            AdminRole recovered = owner.Roles.Recover("owner@example.com");

            Assert.Equal(StoreOwner, recovered.User);
            Assert.Equal(Roles.SuperAdmin, recovered.Role);
            Assert.Equal("owner@example.com", recovered.Email);
            Assert.Single(owner.Keys.List(new KeyQuery()).Keys);
            AuditEntry row = Assert.Single(Store.Audit(), a => a.Action == AuditAction.AccessRecovered);
            Assert.Equal(StoreOwner, row.Actor);
            Assert.Contains(StoreOwner, row.Detail);
            Assert.True(Store.Verify().IsValid);
            Assert.Equal("RoleAlreadyAssigned", Fails(() => owner.Roles.Recover(null)).ErrorId);
        }

        [SkippableFact]
        public void Anyone_but_the_stores_owner_is_NotStoreOwner_and_nothing_changes()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            ApiKeyManager bob = Store.NewManager(new TestIdentity("bob"));
            long auditRows = Store.Audit().Count;

            ApiKeyAdminException ex = Fails(() => bob.Roles.Recover(null));

            Assert.Equal("NotStoreOwner", ex.ErrorId);
            Assert.Equal(ErrorKind.PermissionDenied, ex.Kind);
            Assert.Equal("bob", ex.Target);
            Assert.Equal(new[] { TestStore.Owner }, Manager.Roles.List().Select(r => r.User));
            Assert.Equal(auditRows, Store.Audit().Count);
        }

        [SkippableFact]
        public void Recovery_on_a_missing_store_is_StoreNotFound_and_creates_nothing()
        {
            Assert.Equal("StoreNotFound", Fails(() => Store.NewManager(new TestIdentity(StoreOwner)).Roles.Recover(null)).ErrorId);
            Assert.False(Store.Made);
        }

        // Who owns the store as its system sees it: the OS account that made the file, the login that made the schema.
        private string StoreOwner => Store.Kind == StoreKind.PostgreSql ? PostgreSqlServer.Role : OsIdentity.Instance.CurrentUser;
    }

    public sealed class SqliteRoleAssignmentTests : RoleAssignmentTests
    {
        public SqliteRoleAssignmentTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlRoleAssignmentTests : RoleAssignmentTests
    {
        public PostgreSqlRoleAssignmentTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
