using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using Xunit;

namespace ApiKeyAdmin.Tests.Secrets
{
    /// <summary>The store's check value of its data-protection key: a key file with the right name and other bytes is refused up front.</summary>
    public abstract class ProtectionKeyCheckTests : ManagerTestBase
    {
        protected ProtectionKeyCheckTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void A_key_file_with_the_stores_name_and_other_bytes_is_ProtectionKeyInvalid_for_every_command()
        {
            IssuedKey made = Manager.Keys.Create("acme", KeyKind.Standard, null);
            string keyFile = Assert.Single(Directory.GetFiles(Store.KeyFolder.Folder));
            ReplaceKeyFile(keyFile);

            foreach (Func<object> attempt in new Func<object>[]
            {
                () => Fresh().Keys.List(new KeyQuery()),
                () => Fresh().Keys.Reveal(new KeyQuery { KeyId = made.Key.KeyId }),
                () => Fresh().Keys.Create("beta", KeyKind.Standard, null),
                () => Fresh().Audit.Verify(CancellationToken.None),
            })
            {
                ApiKeyAdminException ex = Fails(attempt);
                Assert.Equal("ProtectionKeyInvalid", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidData, ex.Kind);
                Assert.Equal(keyFile, ex.Target);
                Assert.Contains("does not belong to this store", ex.Message);
            }

            Assert.Equal(1, Store.Count("SELECT count(*) FROM keys"));
        }

        [SkippableFact]
        public void A_store_made_before_the_check_value_gets_it_from_a_Super_Admins_first_command_once_its_key_file_proves_itself()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            string checkValue = CheckValue();
            Assert.NotNull(checkValue);
            Store.Sql("DELETE FROM settings WHERE name = 'key_check'");

            // Not by someone without the role, and not from a key file that did not make the store's first audit row.
            Assert.Throws<PermissionDeniedException>(() => Store.NewManager(new TestIdentity("mallory")).Keys.List(new KeyQuery()));
            Assert.Null(CheckValue());
            string keyFile = Assert.Single(Directory.GetFiles(Store.KeyFolder.Folder));
            byte[] right = File.ReadAllBytes(keyFile);
            ReplaceKeyFile(keyFile);
            Assert.ThrowsAny<ApiKeyAdminException>(() => Fresh().Keys.List(new KeyQuery()));
            Assert.Null(CheckValue());

            File.WriteAllBytes(keyFile, right);
            Assert.Single(Fresh().Keys.List(new KeyQuery()).Keys);
            Assert.Equal(checkValue, CheckValue());
        }

        private ApiKeyManager Fresh() => Store.NewManager(Store.Identity);

        private string CheckValue()
        {
            using (ApiKeyAdmin.Storage.IKeyStore raw = Store.NewKeyStore())
            {
                return raw.Read(tx => tx.GetSetting("key_check"));
            }
        }

        private static void ReplaceKeyFile(string keyFile)
        {
            byte[] other = new byte[32];
            RandomNumberGenerator.Fill(other);
            File.WriteAllBytes(keyFile, other);
        }
    }

    public sealed class SqliteProtectionKeyCheckTests : ProtectionKeyCheckTests
    {
        public SqliteProtectionKeyCheckTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlProtectionKeyCheckTests : ProtectionKeyCheckTests
    {
        public PostgreSqlProtectionKeyCheckTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
