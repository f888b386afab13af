using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>
    /// Look-alike names: an account or user written with a combining accent and with the precomposed letter is one
    /// name (NFC when written and when looked up); compatibility forms and letters of other scripts stay apart.
    /// </summary>
    public abstract class NameFoldingTests : ManagerTestBase
    {
        private const string Decomposed = "Cafe\u0301";
        private const string Composed = "Caf\u00e9";

        protected NameFoldingTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void An_account_written_decomposed_is_stored_composed_and_found_either_way()
        {
            IssuedKey made = Manager.Keys.Create(Decomposed, KeyKind.Standard, null);

            Assert.Equal(Composed, made.Key.Account);
            Assert.Equal("ActiveKeyExists", Fails(() => Manager.Keys.Create(Composed, KeyKind.Standard, null)).ErrorId);
            Assert.Equal(made.Key.KeyId, Assert.Single(Manager.Keys.List(new KeyQuery { Accounts = new[] { Composed } }).Keys).Key.KeyId);
            Assert.Equal(made.Key.KeyId, Assert.Single(Manager.Keys.List(new KeyQuery { Accounts = new[] { Decomposed } }).Keys).Key.KeyId);
            Assert.Equal(made.Key.KeyId, Assert.Single(Manager.Logs.ReadAudit(new AuditFilter { Accounts = new[] { Decomposed } }, CancellationToken.None)).KeyId);
            Assert.Single(Manager.Keys.Disable(Composed, KeyKind.Standard, null));
        }

        [SkippableFact]
        public void A_user_granted_in_either_form_holds_one_role()
        {
            Manager.Roles.Grant(Decomposed, Roles.SuperAdmin, null);

            Assert.Equal("RoleAlreadyAssigned", Fails(() => Manager.Roles.Grant(Composed, Roles.SuperAdmin, null)).ErrorId);
            Assert.Contains(Composed, Manager.Roles.List().Select(r => r.User));
            // The acting user is folded the same way, so the OS's spelling of the name finds the role.
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Assert.Single(Store.NewManager(new TestIdentity(Decomposed)).Keys.List(new KeyQuery()).Keys);
            Manager.Roles.Revoke(Decomposed, Roles.SuperAdmin);
            Assert.DoesNotContain(Composed, Manager.Roles.List().Select(r => r.User));
        }

        [SkippableFact]
        public void Compatibility_forms_and_other_scripts_stay_accounts_of_their_own()
        {
            Manager.Keys.Create("file", KeyKind.Standard, null);
            Manager.Keys.Create("\ufb01le", KeyKind.Standard, null);
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            Manager.Keys.Create("\u0430cme", KeyKind.Standard, null);

            Assert.Equal(4, Manager.Keys.List(new KeyQuery()).Keys.Count);
        }
    }

    public sealed class SqliteNameFoldingTests : NameFoldingTests
    {
        public SqliteNameFoldingTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlNameFoldingTests : NameFoldingTests
    {
        public PostgreSqlNameFoldingTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
