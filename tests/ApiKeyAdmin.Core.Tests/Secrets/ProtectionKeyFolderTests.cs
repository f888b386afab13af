using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using ApiKeyAdmin.Secrets;
using Xunit;

namespace ApiKeyAdmin.Tests.Secrets
{
    public sealed class ProtectionKeyFolderTests : IDisposable
    {
        private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        private readonly TestStore store = new TestStore();

        public void Dispose() => store.Dispose();

        [UnixFact]
        [UnsupportedOSPlatform("windows")]
        public void A_new_key_file_is_mode_600_in_folders_of_mode_700()
        {
            byte[] key = store.KeyFolder.Create("store1");

            string path = store.KeyFolder.PathFor("store1");
            Assert.Equal(32, key.Length);
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
            Assert.Equal(OwnerAll, File.GetUnixFileMode(store.KeyFolder.Folder));
            Assert.Equal(OwnerAll, File.GetUnixFileMode(Path.GetDirectoryName(store.KeyFolder.Folder)));
            Assert.True(key.SequenceEqual(store.KeyFolder.Load("store1", "db")), "the key read back differs");
        }

        [Fact]
        public void Keys_of_different_stores_differ()
        {
            Assert.False(store.KeyFolder.Create("one").SequenceEqual(store.KeyFolder.Create("two")));
        }

        [UnixFact]
        [UnsupportedOSPlatform("windows")]
        public void A_key_file_that_others_can_read_is_refused_as_ProtectionKeyInsecure()
        {
            store.KeyFolder.Create("store1");
            string path = store.KeyFolder.PathFor("store1");
            File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.KeyFolder.Load("store1", "db"));

            Assert.Equal("ProtectionKeyInsecure", ex.ErrorId);
            Assert.Equal(ErrorKind.SecurityError, ex.Kind);
            Assert.Equal(path, ex.Target);
        }

        [Fact]
        public void A_missing_key_file_is_ProtectionKeyMissing_naming_the_file()
        {
            var ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.KeyFolder.Load("absent", "db"));

            Assert.Equal("ProtectionKeyMissing", ex.ErrorId);
            Assert.Equal(store.KeyFolder.PathFor("absent"), ex.Target);
        }

        [Fact]
        public void A_damaged_key_file_is_ProtectionKeyInvalid_naming_the_file()
        {
            store.KeyFolder.Create("store1");
            string path = store.KeyFolder.PathFor("store1");
            using (FileStream stream = File.OpenWrite(path))
            {
                stream.SetLength(31);
            }

            var ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.KeyFolder.Load("store1", "db"));

            Assert.Equal("ProtectionKeyInvalid", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, ex.Kind);
            Assert.Equal(path, ex.Target);
        }

        [Fact]
        public void A_store_whose_key_file_is_gone_refuses_to_write_and_changes_nothing()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.CloseAll();
            File.Delete(Directory.GetFiles(store.KeyFolder.Folder).Single());
            long rows = store.Count("SELECT count(*) FROM audit");

            var ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.Create("beta", KeyKind.Standard, null));

            Assert.Equal("ProtectionKeyMissing", ex.ErrorId);
            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(1, store.Count("SELECT count(*) FROM keys"));
        }
    }
}
