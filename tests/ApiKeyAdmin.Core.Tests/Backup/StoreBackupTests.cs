using System;
using System.IO;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Tests.Reliability;
using Xunit;

namespace ApiKeyAdmin.Tests.Backup
{
    /// <summary>Backup-ApiKeyStore's core: a consistent, private copy of a SQLite store taken while another process writes.</summary>
    public sealed class StoreBackupTests : IDisposable
    {
        private const int Rotations = 60;
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

        private readonly TestStore store = new TestStore();

        public void Dispose() => store.Dispose();

        [Fact]
        public void Backups_taken_while_another_process_rotates_open_verify_and_hold_every_key_they_audit()
        {
            store.Clock.UtcNow = DateTimeOffset.UtcNow;
            foreach (string account in new[] { "acme", "beta", "gamma" })
            {
                store.Manager.Keys.Create(account, KeyKind.Standard, null);
            }

            var backups = new System.Collections.Generic.List<string>();
            using (StressChild writer = StressChild.Start("rotate", store.StorePath, store.KeyFolder.Folder, "acme", Rotations.ToString(), "0", Path.Combine(store.Folder, "published.keys")))
            {
                writer.Expect("ready", Patience);
                writer.Send("go");
                // Backups one after another for as long as the other process writes, and one more after it finished.
                while (backups.Count < 200 && !writer.Lines.Any(l => l.StartsWith("ok", StringComparison.Ordinal)))
                {
                    string backup = Path.Combine(store.Folder, "backups", $"apikeys-{backups.Count}.db");
                    store.Manager.Backup.Write(backup, overwrite: false);
                    backups.Add(backup);
                }

                Assert.Contains(writer.Lines, l => l == "ok rotated=" + Rotations);
            }

            var rotatedIn = new System.Collections.Generic.List<int>();
            foreach (string backup in backups)
            {
                using (ApiKeyManager restored = store.NewManager(new SqliteKeyStore(backup, TestStore.Options()), store.Identity))
                {
                    AuditVerification check = restored.Audit.Verify(CancellationToken.None);
                    Assert.True(check.IsValid, check.Reason);
                    int rotated = restored.Logs.ReadAudit(new AuditFilter { Actions = new[] { AuditAction.Rotated } }, CancellationToken.None).Count();
                    // Each Rotated row made a key in the same transaction: a torn copy would miss one or the other.
                    Assert.Equal(3 + rotated, restored.Keys.List(new KeyQuery { IncludeInactive = true }).Keys.Count);
                    Assert.Equal(new[] { "acme", "beta", "gamma" }, restored.Keys.List(new KeyQuery()).Keys.Select(k => k.Key.Account).OrderBy(a => a));
                    rotatedIn.Add(rotated);
                }
            }

            // Proof that the backups were taken while the other process wrote: one of them holds part of its work.
            Assert.Contains(rotatedIn, r => r > 0 && r < Rotations);
        }

        [UnixFact]
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public void A_backup_is_private_names_the_key_file_it_does_not_hold_and_refuses_an_existing_file_unless_asked()
        {
            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            string backup = Path.Combine(store.Folder, "backups", "apikeys.db");

            StoreBackup written = store.Manager.Backup.Write(backup, overwrite: false);

            Assert.Equal(backup, written.Destination);
            Assert.Equal(store.StorePath, written.Store);
            Assert.Equal(new FileInfo(backup).Length, written.Length);
            Assert.Equal(Assert.Single(Directory.GetFiles(store.KeyFolder.Folder)), written.ProtectionKeyFile);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
            Assert.Equal(new[] { backup }, Directory.GetFiles(Path.GetDirectoryName(backup)));

            byte[] before = File.ReadAllBytes(backup);
            ApiKeyAdminException exists = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Backup.Write(backup, overwrite: false));
            Assert.Equal("BackupDestinationExists", exists.ErrorId);
            Assert.Equal(ErrorKind.ResourceExists, exists.Kind);
            Assert.True(before.SequenceEqual(File.ReadAllBytes(backup)));

            store.Manager.Keys.Create("beta", KeyKind.Standard, null);
            store.Manager.Backup.Write(backup, overwrite: true);
            using (ApiKeyManager restored = store.NewManager(new SqliteKeyStore(backup, TestStore.Options()), store.Identity))
            {
                Assert.Equal(2, restored.Keys.List(new KeyQuery()).Keys.Count);
            }

            Assert.Equal("InvalidBackupDestination", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Backup.Write(store.StorePath, overwrite: true)).ErrorId);
            Assert.Equal("InvalidBackupDestination", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Backup.Write(store.Folder, overwrite: true)).ErrorId);
        }

        [Fact]
        public void Only_a_Super_Admin_backs_a_store_up_and_a_missing_store_is_StoreNotFound()
        {
            string backup = Path.Combine(store.Folder, "backups", "apikeys.db");
            Assert.Equal("StoreNotFound", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Backup.Write(backup, overwrite: false)).ErrorId);

            store.Manager.Keys.Create("acme", KeyKind.Standard, null);
            Assert.Throws<PermissionDeniedException>(() => store.NewManager(new TestIdentity("mallory")).Backup.Write(backup, overwrite: false));
            Assert.False(File.Exists(backup));
        }

        [SkippableFact]
        public void A_PostgreSQL_store_is_UseDatabaseBackup_naming_the_docs()
        {
            using (var shared = new TestStore(StoreKind.PostgreSql))
            {
                shared.Manager.Keys.Create("acme", KeyKind.Standard, null);
                string backup = Path.Combine(shared.Folder, "apikeys.db");

                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => shared.Manager.Backup.Write(backup, overwrite: false));

                Assert.Equal("UseDatabaseBackup", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidOperation, ex.Kind);
                Assert.Contains("docs/postgresql.md", ex.Message);
                Assert.False(File.Exists(backup));
            }
        }
    }
}
