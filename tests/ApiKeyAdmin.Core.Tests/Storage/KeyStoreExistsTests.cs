using System;
using System.IO;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage
{
    /// <summary>What <see cref="IKeyStore.Exists"/> means, the same for each store (subclasses at the end of the file).</summary>
    public abstract class KeyStoreExistsTests : IDisposable
    {
        private readonly TestStore store;

        protected KeyStoreExistsTests(StoreKind kind)
        {
            store = new TestStore(kind);
        }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void A_store_exists_once_it_holds_an_ApiKeyAdmin_schema()
        {
            using (IKeyStore keyStore = store.NewKeyStore())
            {
                Assert.False(keyStore.Exists);
                Assert.False(store.Made);

                keyStore.EnsureCreated();

                Assert.True(keyStore.Exists);
            }
        }

        [SkippableFact]
        public void Another_programs_tables_where_the_store_would_be_are_no_store_and_a_foreign_file_is_InvalidStore()
        {
            if (store.Kind == StoreKind.PostgreSql)
            {
                store.Sql("CREATE SCHEMA " + store.Schema + "; CREATE TABLE " + store.Schema + ".other (id integer)");
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(store.StorePath));
                store.Sql("CREATE TABLE other (id INTEGER)");
            }

            using (IKeyStore keyStore = store.NewKeyStore())
            {
                Assert.True(store.Made);
                if (store.Kind == StoreKind.PostgreSql)
                {
                    Assert.False(keyStore.Exists);
                }
                else
                {
                    // A file cannot be a store in the making (its schema comes in its first transaction), so it is not one.
                    Assert.Equal("InvalidStore", Assert.ThrowsAny<ApiKeyAdminException>(() => keyStore.Exists).ErrorId);
                }
            }
        }
    }

    public sealed class SqliteKeyStoreExistsTests : KeyStoreExistsTests
    {
        public SqliteKeyStoreExistsTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlKeyStoreExistsTests : KeyStoreExistsTests
    {
        public PostgreSqlKeyStoreExistsTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
