using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using ApiKeyAdmin.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ApiKeyAdmin.Storage.Sqlite.Tests
{
    public sealed class SqliteKeyStoreTests : IDisposable
    {
        private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        private readonly LogTestStore store = new LogTestStore();

        public void Dispose() => store.Dispose();

        [Fact]
        public void A_new_store_is_one_WAL_file_at_the_current_schema_version()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.CloseAll();

            using (SqliteConnection c = store.Open())
            using (SqliteCommand command = c.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode;";
                Assert.Equal("wal", command.ExecuteScalar());
                command.CommandText = "PRAGMA user_version;";
                Assert.Equal((long)SqliteSchema.CurrentVersion, command.ExecuteScalar());
            }

            Assert.Equal(Path.GetFullPath(store.StorePath), new SqliteKeyStore(store.StorePath, TestStore.Options()).Location);
        }

        [Fact]
        public void An_accounts_keys_are_found_by_index_not_by_scanning_every_key()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.CloseAll();

            using (SqliteConnection c = store.Open())
            using (SqliteCommand command = c.CreateCommand())
            {
                command.CommandText = "EXPLAIN QUERY PLAN SELECT k.key_id FROM keys k JOIN accounts a ON a.id = k.account_id " +
                    "WHERE a.name IN ('acme') AND k.kind = 0 ORDER BY a.name, k.kind, k.created_at DESC, k.id DESC";
                var plan = new System.Text.StringBuilder();
                using (SqliteDataReader r = command.ExecuteReader())
                {
                    while (r.Read())
                    {
                        plan.AppendLine(r.GetString(3));
                    }
                }

                Assert.Contains("SEARCH k USING INDEX keys_account", plan.ToString());
            }
        }

        [UnixFact]
        [UnsupportedOSPlatform("windows")]
        public void Store_file_key_file_and_their_folders_are_private_to_the_owner()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);

            string keyFile = Directory.GetFiles(store.KeyFolder.Folder).Single();
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(store.StorePath));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(OwnerAll, File.GetUnixFileMode(Path.GetDirectoryName(store.StorePath)));
            Assert.Equal(OwnerAll, File.GetUnixFileMode(store.KeyFolder.Folder));

            // SQLite gives its WAL and shared-memory files the database file's mode.
            foreach (string sidecar in new[] { store.StorePath + "-wal", store.StorePath + "-shm" })
            {
                Assert.True(File.Exists(sidecar), $"{sidecar} is missing while the store is open");
                Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(sidecar));
            }
        }

        [Fact]
        public void Secrets_are_never_written_in_plain_text()
        {
            var secrets = new List<string>
            {
                store.Manager.Keys.Create("acme", KeyKind.Standard, null).Secret,
                store.Manager.Keys.Create("acme", KeyKind.Developer, null).Secret,
                store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1)).Secret,
            };
            secrets.AddRange(store.Manager.Keys.Reveal(new KeyQuery()).Keys.Select(k => k.Secret));
            Assert.Equal(6, secrets.Count);
            Assert.Equal(3, secrets.Distinct().Count());

            AssertNoSecretIn(secrets, Directory.GetFiles(Path.GetDirectoryName(store.StorePath)));
            store.CloseAll();
            AssertNoSecretIn(secrets, Directory.GetFiles(Path.GetDirectoryName(store.StorePath)));
        }

        [Fact]
        public void A_file_that_is_not_SQLite_is_InvalidStore_and_left_as_it_was()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(store.StorePath));
            byte[] content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("This is a shopping list, not a database.\n", 200)));
            File.WriteAllBytes(store.StorePath, content);

            foreach (Action attempt in new Action[]
            {
                () => store.Manager.Keys.Create("acme", KeyKind.Standard, null),
                () => store.Manager.Roles.Grant("bob", Roles.SuperAdmin, null),
                () => store.Manager.Keys.List(new KeyQuery()),
                () => store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null),
            })
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(attempt);
                Assert.Equal("InvalidStore", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidData, ex.Kind);
                Assert.Equal(store.StorePath, ex.Target);
            }

            store.CloseAll();
            Assert.True(content.SequenceEqual(File.ReadAllBytes(store.StorePath)), "the file was changed");
            Assert.Equal(new[] { store.StorePath }, Directory.GetFiles(Path.GetDirectoryName(store.StorePath)));
            Assert.False(Directory.Exists(store.KeyFolder.Folder));
        }

        [Fact]
        public void A_SQLite_database_of_another_program_is_InvalidStore_for_every_command_and_left_as_it_was()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(store.StorePath));
            store.Sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('milk');");
            byte[] before = File.ReadAllBytes(store.StorePath);

            AssertInvalidStoreForEveryCommand();

            store.CloseAll();
            Assert.True(before.SequenceEqual(File.ReadAllBytes(store.StorePath)), "the other program's database was changed");
        }

        [Fact]
        public void A_file_with_a_header_and_no_schema_is_InvalidStore_for_every_command_and_never_made_into_a_store()
        {
            // What a plain copy of a store that an earlier version made in WAL mode held: the header, its data still in the -wal.
            Directory.CreateDirectory(Path.GetDirectoryName(store.StorePath));
            store.Sql("PRAGMA journal_mode = WAL;");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(store.StorePath, OwnerReadWrite);
            }
            byte[] before = File.ReadAllBytes(store.StorePath);
            Assert.True(before.Length > 0);

            AssertInvalidStoreForEveryCommand();

            store.CloseAll();
            Assert.True(before.SequenceEqual(File.ReadAllBytes(store.StorePath)), "the file was written");
        }

        [Fact]
        public void A_plain_copy_of_a_store_in_use_holds_the_store_and_is_never_made_into_a_new_one()
        {
            store.CreateKey("acme");
            string storeId = StoreId(store.Manager);
            using (SqliteConnection writer = store.Open())
            {
                // Another process keeps the store open, so its later rows stay in the -wal, which a plain copy leaves behind.
                store.Manager.Keys.Create("beta", KeyKind.Standard, null);
                string copy = Path.Combine(store.Folder, "copy", "apikeys.db");
                Directory.CreateDirectory(Path.GetDirectoryName(copy));
                File.Copy(store.StorePath, copy);

                using (ApiKeyManager onCopy = store.NewManager(new SqliteKeyStore(copy, TestStore.Options()), store.Identity))
                {
                    Assert.True(onCopy.StoreExists);
                    onCopy.Keys.Create("gamma", KeyKind.Standard, null);
                    Assert.Equal(storeId, StoreId(onCopy));
                    Assert.Single(onCopy.Logs.ReadAudit(new AuditFilter { Actions = new[] { AuditAction.StoreCreated } }, CancellationToken.None));
                }
            }
        }

        [Fact]
        public void A_folder_as_the_store_path_is_InvalidStore_for_every_command_and_left_empty()
        {
            Directory.CreateDirectory(store.StorePath);

            AssertInvalidStoreForEveryCommand();

            Assert.Empty(Directory.GetFileSystemEntries(store.StorePath));
        }

        [UnixFact]
        [UnsupportedOSPlatform("windows")]
        public void A_store_file_that_others_may_read_or_write_is_StoreInsecure_for_every_command_and_left_as_it_was()
        {
            IssuedKey key = store.CreateKey("acme");
            store.CloseAll();
            foreach (UnixFileMode open in new[] { OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, OwnerReadWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead })
            {
                File.SetUnixFileMode(store.StorePath, open);
                byte[] before = File.ReadAllBytes(store.StorePath);
                using (ApiKeyManager manager = store.NewManager(store.Identity))
                {
                    foreach (Action attempt in Commands(manager))
                    {
                        ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(attempt);
                        Assert.Equal("StoreInsecure", ex.ErrorId);
                        Assert.Equal(ErrorKind.SecurityError, ex.Kind);
                        Assert.Equal(store.StorePath, ex.Target);
                        Assert.Contains("chmod 600", ex.Message);
                    }
                }

                store.CloseAll();
                Assert.True(before.SequenceEqual(File.ReadAllBytes(store.StorePath)), "the store was written");
                Assert.Equal(open, File.GetUnixFileMode(store.StorePath));
            }

            File.SetUnixFileMode(store.StorePath, OwnerReadWrite);
            Assert.True(store.NewVerifier(new Verification.KeyVerifierOptions { BatchCalls = false }).Verify(key.Secret).IsValid);
        }

        [Fact]
        public void A_schema_newer_than_supported_is_StoreVersionTooNew_and_the_file_is_left_unchanged()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.CloseAll();
            store.Sql("PRAGMA user_version = 99;");
            byte[] before = File.ReadAllBytes(store.StorePath);

            foreach (Action attempt in new Action[]
            {
                () => store.Manager.Keys.Create("beta", KeyKind.Standard, null),
                () => store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, null),
                () => store.Manager.Roles.Grant("bob", Roles.SuperAdmin, null),
                () => store.Manager.Keys.List(new KeyQuery()),
            })
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(attempt);
                Assert.Equal("StoreVersionTooNew", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidData, ex.Kind);
                Assert.Contains("99", ex.Message);
            }

            store.CloseAll();
            Assert.True(before.SequenceEqual(File.ReadAllBytes(store.StorePath)), "the newer store was changed");
        }

        [Fact]
        public void A_full_store_is_StoreFull_with_nothing_half_written()
        {
            var keyStore = new SqliteKeyStore(store.StorePath, TestStore.Options());
            ApiKeyManager manager = store.NewManager(keyStore, store.Identity);
            manager.Keys.Create("first", KeyKind.Standard, null);
            LimitPages(keyStore, extraPages: 3);

            ApiKeyAdminException full = null;
            int made = 1;
            for (int i = 0; i < 200 && full == null; i++)
            {
                try
                {
                    manager.Keys.Create($"account-{i:000}", KeyKind.Standard, new string('d', 1000));
                    made++;
                }
                catch (ApiKeyAdminException ex)
                {
                    full = ex;
                }
            }

            Assert.NotNull(full);
            Assert.Equal("StoreFull", full.ErrorId);
            Assert.Equal(ErrorKind.WriteError, full.Kind);
            Assert.True(made > 1, "the page limit left no room for a single key");

            // A fresh connection has no page limit: everything that was reported done is there, and nothing else.
            string failed = $"account-{made - 1:000}";
            Assert.Equal(made, store.Count("SELECT count(*) FROM keys"));
            Assert.Equal(made, store.Count("SELECT count(*) FROM accounts"));
            Assert.Equal(0, store.Count($"SELECT count(*) FROM accounts WHERE name = '{failed}'"));
            Assert.Equal(made, store.Audit().Count(a => a.Action == AuditAction.Created));
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);
            Assert.Equal(KeyStatus.Active, manager.Keys.Create(failed, KeyKind.Standard, null).Key.Status);
        }

        [Fact]
        public void A_store_locked_by_another_writer_is_StoreLocked_with_nothing_changed()
        {
            string keyId = store.Manager.Keys.Create("acme", KeyKind.Standard, null).Key.KeyId;
            long rows = store.Count("SELECT count(*) FROM audit");
            ApiKeyManager impatient = store.NewManager(store.Identity, TestStore.Options(TimeSpan.FromMilliseconds(200)));
            impatient.Keys.List(new KeyQuery());

            var watch = Stopwatch.StartNew();
            using (SqliteConnection holder = store.Open())
            {
                using (SqliteCommand begin = holder.CreateCommand())
                {
                    begin.CommandText = "BEGIN IMMEDIATE;";
                    begin.ExecuteNonQuery();
                }

                foreach (Action attempt in new Action[]
                {
                    () => impatient.Keys.Create("beta", KeyKind.Standard, null),
                    () => impatient.Keys.Rotate("acme", KeyKind.Standard, null, null),
                    () => impatient.Keys.Disable(null, KeyKind.Standard, keyId),
                })
                {
                    ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(attempt);
                    Assert.IsType<StoreLockedException>(ex);
                    Assert.Equal("StoreLocked", ex.ErrorId);
                    Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
                }

                // Readers are not held up by the writer.
                Assert.Single(impatient.Keys.List(new KeyQuery()).Keys);
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"three refusals took {watch.Elapsed}");
            Assert.Equal(rows, store.Count("SELECT count(*) FROM audit"));
            Assert.Equal(KeyStatus.Active, Assert.Single(store.KeysOf("acme")).Status);
            Assert.True(store.Verify().IsValid);
            Assert.Equal(KeyStatus.Active, impatient.Keys.Create("beta", KeyKind.Standard, null).Key.Status);
        }

        [Fact]
        public void Reveal_Never_leaves_no_trace_of_the_erased_copies_in_the_files()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            store.Manager.Keys.Create("beta", KeyKind.Developer, null);
            List<byte[]> copies = EncryptedCopies();
            Assert.Equal(2, copies.Count);

            // Rewrites of the rows (rotation, use) must not leave older copies behind either.
            store.Manager.Keys.Rotate("acme", KeyKind.Standard, null, TimeSpan.FromDays(1));
            store.Manager.Keys.Disable("beta", KeyKind.Developer, null);
            copies = EncryptedCopies();
            Assert.Equal(3, copies.Count);

            store.Manager.Policy.Set(new StorePolicyChange { Reveal = RevealPolicy.Never });

            Assert.Empty(EncryptedCopies());
            store.CloseAll();
            foreach (string file in Directory.GetFiles(Path.GetDirectoryName(store.StorePath)))
            {
                byte[] bytes = File.ReadAllBytes(file);
                Assert.All(copies, copy => Assert.True(IndexOf(bytes, copy) < 0, $"an erased encrypted copy is still in {Path.GetFileName(file)}"));
            }
        }

        [UnprivilegedFact]
        [UnsupportedOSPlatform("windows")]
        public void A_new_store_in_a_folder_that_cannot_be_written_is_StoreNotWritable()
        {
            string root = UnprivilegedChild.PrepareRoot(store.Folder);

            string outcome = UnprivilegedChild.Run("new-store-in-read-only-folder", root);

            Assert.Equal("ErrorId=StoreNotWritable", outcome);
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, ChildProgram.ReadOnlyFolder)));
        }

        [UnprivilegedFact]
        [UnsupportedOSPlatform("windows")]
        public void A_store_whose_folder_was_made_read_only_is_StoreNotWritable_and_left_as_it_was()
        {
            string root = UnprivilegedChild.PrepareRoot(store.Folder);

            string outcome = UnprivilegedChild.Run("store-in-folder-made-read-only", root);

            Assert.Equal("ErrorId=StoreNotWritable", outcome);
        }

        [SkippableFact]
        [UnsupportedOSPlatform("windows")]
        public void Only_the_account_that_owns_the_file_owns_the_store()
        {
            Skip.If(OperatingSystem.IsWindows(), "The uid check is Unix only; the Windows owner-SID check is not exercised here.");
            store.CreateKey("acme");
            string os = Identity.OsIdentity.Instance.CurrentUser;
            using (var raw = new SqliteKeyStore(store.StorePath, TestStore.Options()))
            {
                Assert.True(raw.IsOwnedBy(os));
                Assert.True(raw.IsOwnedBy(os.ToUpperInvariant()));
                Assert.False(raw.IsOwnedBy("bob"));
                Skip.If(!UnprivilegedChild.IsRoot, "Only root can give the file to another account, which the uid check needs.");
                Assert.Equal(0, chown(store.StorePath, 65534, 65534));
                Assert.False(raw.IsOwnedBy(os));
            }

            using (ApiKeyManager manager = store.NewManager(new TestIdentity(os)))
            {
                Assert.Equal("NotStoreOwner", Assert.ThrowsAny<ApiKeyAdminException>(() => manager.Roles.Recover(null)).ErrorId);
            }
        }

        [UnprivilegedFact]
        [UnsupportedOSPlatform("windows")]
        public void A_store_in_a_folder_the_user_may_not_enter_is_StoreUnreadable_not_StoreNotFound()
        {
            string root = UnprivilegedChild.PrepareRoot(store.Folder);

            string outcome = UnprivilegedChild.Run("store-in-closed-folder", root);

            Assert.Equal(string.Join(" ", Enumerable.Repeat("StoreUnreadable/PermissionDenied", 4)), outcome);
        }

        [UnprivilegedFact]
        [UnsupportedOSPlatform("windows")]
        public void A_read_only_store_file_is_StoreNotWritable_and_left_as_it_was()
        {
            string root = UnprivilegedChild.PrepareRoot(store.Folder);

            string outcome = UnprivilegedChild.Run("read-only-store-file", root);

            Assert.Equal("ErrorId=StoreNotWritable", outcome);
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int chown(string path, uint owner, uint group);

        // Every command, reads and the verifier included, meets InvalidStore, and nothing makes a key folder for it.
        private void AssertInvalidStoreForEveryCommand()
        {
            foreach (Action attempt in Commands(store.Manager))
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(attempt);
                Assert.Equal("InvalidStore", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidData, ex.Kind);
                Assert.Equal(store.StorePath, ex.Target);
            }

            Assert.False(Directory.Exists(store.KeyFolder.Folder));
        }

        private Action[] Commands(ApiKeyManager manager) => new Action[]
        {
            () => manager.Keys.Create("acme", KeyKind.Standard, null),
            () => manager.Roles.Grant("bob", Roles.SuperAdmin, null),
            () => manager.Keys.List(new KeyQuery()),
            () => manager.Roles.List(),
            () => manager.Policy.Get(),
            () => manager.Logs.ReadAudit(new AuditFilter(), CancellationToken.None).ToList(),
            () => manager.Keys.Rotate("acme", KeyKind.Standard, null, null),
            () => _ = manager.StoreExists,
            () => store.NewVerifier(new Verification.KeyVerifierOptions { BatchCalls = false }).Verify("aks_x"),
        };

        // The store's id as its settings hold it: a new store made in the copy would have another one.
        private string StoreId(ApiKeyManager manager)
        {
            using (var raw = new SqliteKeyStore(manager.Location, TestStore.Options()))
            {
                return raw.Read(tx => tx.GetSetting("store_id"));
            }
        }

        private List<byte[]> EncryptedCopies()
        {
            var copies = new List<byte[]>();
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.StorePath, Pooling = false }.ToString()))
            {
                connection.Open();
                using (SqliteCommand command = connection.CreateCommand())
                {
                    command.CommandText = "SELECT encrypted_secret FROM keys WHERE encrypted_secret IS NOT NULL";
                    using (SqliteDataReader reader = command.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            copies.Add((byte[])reader.GetValue(0));
                        }
                    }
                }
            }

            return copies;
        }

        // The page limit is a property of a connection, not of the file, so it is set on the store's own connection.
        private static void LimitPages(SqliteKeyStore keyStore, int extraPages)
        {
            FieldInfo field = typeof(SqliteKeyStore).GetField("connection", BindingFlags.NonPublic | BindingFlags.Instance);
            Assert.NotNull(field);
            var connection = (SqliteConnection)field.GetValue(keyStore);
            Assert.NotNull(connection);
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA page_count;";
                long pages = (long)command.ExecuteScalar();
                command.CommandText = $"PRAGMA max_page_count = {pages + extraPages};";
                Assert.Equal(pages + extraPages, (long)command.ExecuteScalar());
            }
        }

        private static void AssertNoSecretIn(IEnumerable<string> secrets, IEnumerable<string> files)
        {
            foreach (string file in files)
            {
                byte[] bytes = File.ReadAllBytes(file);
                foreach (string secret in secrets)
                {
                    // The random part alone, in the encodings a database might use.
                    string body = secret.Substring(4, 43);
                    foreach (byte[] needle in new[] { Encoding.ASCII.GetBytes(body), Encoding.Unicode.GetBytes(body), Encoding.BigEndianUnicode.GetBytes(body) })
                    {
                        Assert.True(IndexOf(bytes, needle) < 0, $"a secret appears in plain text in {Path.GetFileName(file)}");
                    }
                }
            }
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i <= haystack.Length - needle.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j])
                {
                    j++;
                }

                if (j == needle.Length)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
