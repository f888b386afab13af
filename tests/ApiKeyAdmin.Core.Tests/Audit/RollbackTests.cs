using System;
using System.IO;
using System.Linq;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;
using Xunit;

namespace ApiKeyAdmin.Tests.Audit
{
    /// <summary>
    /// Someone with plain SQL cuts rows off the end of the audit log and points the head at the last row left, so the
    /// chain verifies on its own: a host that saw more refuses the store, a host that never did is caught by a
    /// checkpoint, and a Super Admin accepts a deliberate restore.
    /// </summary>
    public abstract class RollbackTests : IDisposable
    {
        // Rows 1-2: StoreCreated, RoleGranted; 3-4: Created for two accounts; 5: Rotated; 6: Deactivated.
        private const long RowsKept = 4;
        private const string CutTail =
            "DELETE FROM audit WHERE seq > 4; UPDATE audit_head SET seq = 4, tag = (SELECT tag FROM audit WHERE seq = 4)";

        private readonly LogTestStore store;
        private readonly IssuedKey acme;

        protected RollbackTests(StoreKind kind)
        {
            store = new LogTestStore(kind);
            acme = store.CreateKey("acme");
            store.CreateKey("globex");
            store.Manager.Keys.Rotate("globex", KeyKind.Standard, null, null);
            store.Manager.Keys.Disable("globex", KeyKind.Standard, null);
            Checkpoint = Path.Combine(store.Folder, "checkpoint.json");
        }

        private string Checkpoint { get; }

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void The_host_pins_the_head_it_has_seen_in_a_private_file_of_the_store()
        {
            // The folder holds the store's signing-key pin too.
            string pin = Directory.GetFiles(store.HostState.Folder, "*.audit-head").Single();

            Assert.EndsWith(".audit-head", pin);
            Assert.StartsWith("6 ", File.ReadAllText(pin));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pin));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.HostState.Folder));
            }
        }

        [SkippableFact]
        public void A_cut_tail_with_the_head_rewritten_to_match_is_StoreRolledBack_for_every_command_on_a_host_that_saw_more()
        {
            store.Sql(CutTail);

            foreach (Action command in new Action[]
            {
                () => store.Manager.Keys.List(new KeyQuery()),
                () => store.Manager.Keys.Create("initech", KeyKind.Standard, null),
                () => store.Manager.Roles.List(),
                () => store.Manager.Policy.Get(),
                () => store.Manager.Logs.ReadAudit(new AuditFilter(), default).ToList(),
            })
            {
                ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(command);
                Assert.Equal("StoreRolledBack", ex.ErrorId);
                Assert.Equal(ErrorKind.InvalidData, ex.Kind);
                Assert.Contains("row 6", ex.Message);
                Assert.Contains("-AcceptRollback", ex.Message);
            }

            // Nothing was audited on the rolled-back chain, not even the refusals.
            Assert.Equal(RowsKept, store.Count("SELECT count(*) FROM audit"));
            AuditVerification check = store.Manager.Audit.Verify(default);
            Assert.False(check.IsValid);
            Assert.Equal(RowsKept + 1, check.FirstInvalidSequence);
            Assert.Contains("rolled back", check.Reason);
        }

        [SkippableFact]
        public void The_verifier_of_a_host_that_saw_more_refuses_every_key_with_StoreRolledBack()
        {
            store.Sql(CutTail);

            KeyVerifier verifier = store.NewVerifier();
            Assert.Equal(VerificationReason.StoreRolledBack, verifier.Verify(acme.Secret).Reason);
            Assert.Equal(VerificationReason.Malformed, verifier.Verify("not a key").Reason);

            KeyVerifier oneShot = store.NewVerifier(new KeyVerifierOptions { BatchCalls = false });
            Assert.Equal("StoreRolledBack", Assert.ThrowsAny<ApiKeyAdminException>(() => oneShot.Verify(acme.Secret)).ErrorId);
        }

        [SkippableFact]
        public void A_running_verifier_refuses_every_key_once_it_reloads_a_store_rolled_back_and_written_on_since()
        {
            KeyVerifier verifier = store.NewVerifier();
            Assert.True(verifier.Verify(acme.Secret).IsValid);

            // The tail cut, then a host that never saw it writes on: row 5 is now another row than the one this host saw.
            store.Sql(CutTail);
            var elsewhere = new HostStateFolder(Path.Combine(store.Folder, "other-host"));
            store.NewManager(store.NewStore(), store.Identity, null, elsewhere).Keys.Create("initech", KeyKind.Standard, null);

            Assert.True(LogTestStore.Eventually(() => verifier.Verify(acme.Secret).Reason == VerificationReason.StoreRolledBack, TimeSpan.FromSeconds(5)));
            Assert.Equal("StoreRolledBack", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.List(new KeyQuery())).ErrorId);
            AuditVerification check = store.Manager.Audit.Verify(default);
            Assert.False(check.IsValid);
            Assert.Equal(6, check.FirstInvalidSequence);
            Assert.Contains("rolled back", check.Reason);
        }

        [SkippableFact]
        public void A_host_that_never_saw_the_cut_rows_cannot_know_but_the_checkpoint_catches_it()
        {
            Assert.Equal(6, store.Manager.Audit.ExportCheckpoint(Checkpoint));
            Assert.True(store.Manager.Audit.Verify(default, null, Checkpoint).IsValid);
            store.Sql(CutTail);

            ApiKeyManager newHost = store.NewManager(store.NewStore(), store.Identity, null, new HostStateFolder(Path.Combine(store.Folder, "new-host")));
            Assert.Equal(acme.Key.KeyId, newHost.Keys.List(new KeyQuery()).Keys.Single().Key.KeyId);
            Assert.True(newHost.Audit.Verify(default).IsValid);

            AuditVerification held = newHost.Audit.Verify(default, null, Checkpoint);
            Assert.False(held.IsValid);
            Assert.Equal(RowsKept, held.RowsChecked);
            Assert.Equal(RowsKept + 1, held.FirstInvalidSequence);
            Assert.Contains("rolled back", held.Reason);
            Assert.Contains("checkpoint", held.Reason);
        }

        [SkippableFact]
        public void AcceptRollback_accepts_the_current_head_on_this_host_and_is_audited()
        {
            store.Manager.Audit.ExportCheckpoint(Checkpoint);
            store.Sql(CutTail);

            Assert.Equal(RowsKept + 1, store.Manager.Audit.AcceptRollback());

            AuditEntry accepted = store.Manager.Logs.ReadAudit(new AuditFilter { First = 1 }, default).Single();
            Assert.Equal(AuditAction.RollbackAccepted, accepted.Action);
            Assert.Equal(RowsKept + 1, accepted.Sequence);
            Assert.Contains("had seen row 6", accepted.Detail);
            Assert.True(store.Manager.Audit.Verify(default).IsValid);
            Assert.Single(store.Manager.Keys.List(new KeyQuery()).Keys, k => k.Key.Account == "acme");
            Assert.True(store.NewVerifier().Verify(acme.Secret).IsValid);

            // The checkpoint still tells the truth about the restore.
            Assert.False(store.Manager.Audit.Verify(default, null, Checkpoint).IsValid);
        }

        [SkippableFact]
        public void AcceptRollback_needs_a_Super_Admin()
        {
            store.Sql(CutTail);

            ApiKeyManager mallory = store.NewManager("mallory");
            Assert.Equal("SuperAdminRequired", Assert.ThrowsAny<ApiKeyAdminException>(() => mallory.Audit.AcceptRollback()).ErrorId);
            Assert.Equal("StoreRolledBack", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Keys.List(new KeyQuery())).ErrorId);
        }

        [SkippableFact]
        public void A_checkpoint_of_another_store_is_InvalidCheckpoint()
        {
            using (var other = new LogTestStore(store.Kind))
            {
                other.CreateKey("acme");
                other.Manager.Audit.ExportCheckpoint(Checkpoint);
            }

            ApiKeyAdminException ex = Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Audit.Verify(default, null, Checkpoint));
            Assert.Equal("InvalidCheckpoint", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, ex.Kind);
            Assert.Contains("it was made for store", ex.Message);
        }

        [SkippableTheory]
        [InlineData("\"sequence\": 6,", "\"sequence\": 9,")]
        [InlineData("\"createdAt\": \"2026", "\"createdAt\": \"2027")]
        [InlineData("{", "[")]
        [InlineData("\"mac\": \"", "\"mac\": \"A")]
        public void A_checkpoint_edited_by_hand_is_InvalidCheckpoint(string from, string to)
        {
            store.Manager.Audit.ExportCheckpoint(Checkpoint);
            string text = File.ReadAllText(Checkpoint);
            Assert.Contains(from, text);
            File.WriteAllText(Checkpoint, text.Replace(from, to));

            Assert.Equal("InvalidCheckpoint", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Audit.Verify(default, null, Checkpoint)).ErrorId);
        }

        [SkippableFact]
        public void A_missing_checkpoint_file_is_InvalidCheckpoint()
        {
            Assert.Equal("InvalidCheckpoint", Assert.ThrowsAny<ApiKeyAdminException>(() => store.Manager.Audit.Verify(default, null, Checkpoint)).ErrorId);
        }
    }

    public sealed class SqliteRollbackTests : RollbackTests
    {
        public SqliteRollbackTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlRollbackTests : RollbackTests
    {
        public PostgreSqlRollbackTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
