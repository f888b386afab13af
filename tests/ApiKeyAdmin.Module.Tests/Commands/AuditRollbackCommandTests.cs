using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Reliability;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>
    /// The audit tail cut by plain SQL and the head pointed at the last row left: StoreRolledBack for the session's
    /// commands (its host saw more), Test-ApiKeyAuditLog reporting it, -AcceptRollback, and Export-ApiKeyAuditCheckpoint.
    /// </summary>
    public abstract class AuditRollbackCommandTests : CommandTestBase
    {
        // Rows 1-3: StoreCreated, RoleGranted, Created; 4: Created; 5: Rotated.
        private const string CutTail =
            "DELETE FROM audit WHERE seq > 3; UPDATE audit_head SET seq = 3, tag = (SELECT tag FROM audit WHERE seq = 3)";

        protected AuditRollbackCommandTests(StoreKind kind)
            : base(kind)
        {
            Ok("$global:acme = New-ApiKey -Account acme -AsPlainText; $null = New-ApiKey -Account globex; $null = Invoke-ApiKeyRotation -Account globex -Force");
            CheckpointPath = Path.Combine(Session.TempDirectory, "audit.checkpoint.json");
        }

        private string CheckpointPath { get; }

        [SkippableFact]
        public void After_the_tail_is_cut_every_command_is_StoreRolledBack_and_the_check_names_the_rollback()
        {
            Cut();

            foreach (string command in new[] { "Get-ApiKey", "New-ApiKey -Account initech", "Get-ApiKeyAuditLog", "Test-ApiKey -Key $acme.Secret", "Export-ApiKeyAuditCheckpoint -Path ./cp.json" })
            {
                ErrorRecord error = Fails(command);
                Assert.StartsWith("StoreRolledBack,", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
                Assert.Contains("-AcceptRollback", error.Exception.Message);
            }

            PSObject check = Assert.Single(Ok("Test-ApiKeyAuditLog").Output);
            Assert.False((bool)Prop(check, "IsValid"));
            Assert.Equal(4L, Prop(check, "FirstInvalidSequence"));
            Assert.Contains("rolled back", (string)Prop(check, "Reason"));
        }

        [SkippableFact]
        public void AcceptRollback_with_WhatIf_or_without_consent_in_a_session_that_cannot_prompt_changes_nothing()
        {
            Cut();

            Assert.Empty(Ok("Test-ApiKeyAuditLog -AcceptRollback -WhatIf").Output);
            InvocationResult unasked = Session.Invoke("Test-ApiKeyAuditLog -AcceptRollback");
            Assert.True(unasked.HadErrors);
            Assert.Empty(unasked.Output);

            Assert.StartsWith("StoreRolledBack,", Fails("Get-ApiKey").FullyQualifiedErrorId);
        }

        [SkippableFact]
        public void AcceptRollback_with_Force_accepts_the_current_head_audits_it_and_checks_the_chain()
        {
            Cut();

            PSObject check = Assert.Single(Ok("Test-ApiKeyAuditLog -AcceptRollback -Force").Output);

            Assert.True((bool)Prop(check, "IsValid"), (string)Prop(check, "Reason"));
            Assert.Equal("RollbackAccepted", Prop(Assert.Single(Ok("Get-ApiKeyAuditLog -First 1").Output), "Action").ToString());
            Assert.Equal(2, Ok("Get-ApiKey").Output.Count);
            Assert.True((bool)Prop(Assert.Single(Ok("Test-ApiKey -Key $acme.Secret").Output), "IsValid"));
        }

        [SkippableFact]
        public void A_checkpoint_exported_before_the_cut_catches_it()
        {
            var path = new Hashtable { ["P"] = CheckpointPath };
            Assert.Empty(Ok("param($P) Export-ApiKeyAuditCheckpoint -Path $P", path).Output);
            Assert.True((bool)Prop(Assert.Single(Ok("param($P) Test-ApiKeyAuditLog -Checkpoint $P", path).Output), "IsValid"));
            Cut();
            Ok("Test-ApiKeyAuditLog -AcceptRollback -Force");

            PSObject held = Assert.Single(Ok("param($P) Test-ApiKeyAuditLog -Checkpoint $P", path).Output);

            Assert.False((bool)Prop(held, "IsValid"));
            Assert.Contains("checkpoint", (string)Prop(held, "Reason"));
        }

        [SkippableFact]
        public void Export_with_WhatIf_writes_nothing()
        {
            Ok("param($P) Export-ApiKeyAuditCheckpoint -Path $P -WhatIf", new Hashtable { ["P"] = CheckpointPath });

            Assert.False(File.Exists(CheckpointPath));
        }

        [SkippableFact]
        public void A_checkpoint_edited_by_hand_is_InvalidCheckpoint_with_the_file_as_target()
        {
            Ok("param($P) Export-ApiKeyAuditCheckpoint -Path $P", new Hashtable { ["P"] = CheckpointPath });
            File.WriteAllText(CheckpointPath, File.ReadAllText(CheckpointPath).Replace("\"sequence\": 5,", "\"sequence\": 4,"));

            ErrorRecord error = Fails("param($P) Test-ApiKeyAuditLog -Checkpoint $P", new Hashtable { ["P"] = CheckpointPath });

            AssertError(error, "InvalidCheckpoint", ErrorCategory.InvalidData, CheckpointPath);
        }

        // As an attacker with a SQL prompt would: rows cut off the end, and the head pointed at the last row left.
        private void Cut()
        {
            if (Kind == StoreKind.PostgreSql)
            {
                using (var connection = new NpgsqlConnection(ConnectionString))
                {
                    connection.Open();
                    using (NpgsqlCommand command = connection.CreateCommand())
                    {
                        command.CommandText = CutTail;
                        command.ExecuteNonQuery();
                    }
                }

                return;
            }

            SessionSql.Define(Session);
            SessionSql.Run(Session, Session.StorePath, CutTail);
        }
    }

    public sealed class SqliteAuditRollbackCommandTests : AuditRollbackCommandTests
    {
        public SqliteAuditRollbackCommandTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlAuditRollbackCommandTests : AuditRollbackCommandTests
    {
        public PostgreSqlAuditRollbackCommandTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
