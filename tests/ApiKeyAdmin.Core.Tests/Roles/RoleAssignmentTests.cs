using System;
using System.Collections.Generic;
using System.Linq;
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
        public void A_Super_Admin_may_revoke_themselves_while_another_remains()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Roles.Grant("bob", Roles.SuperAdmin, null);
            ApiKeyManager bob = Store.NewManager(new TestIdentity("bob"));

            Manager.Roles.Revoke(TestStore.Owner, Roles.SuperAdmin);

            Assert.Throws<PermissionDeniedException>(() => Manager.Keys.List(new KeyQuery()));
            Assert.Equal(new[] { "bob" }, bob.Roles.List().Select(r => r.User));
            Assert.Equal("LastSuperAdmin", Fails(() => bob.Roles.Revoke("bob", Roles.SuperAdmin)).ErrorId);
        }
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
