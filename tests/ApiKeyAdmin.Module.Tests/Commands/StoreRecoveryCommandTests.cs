using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>
    /// The store's own safety nets on a SQLite store, whose owner is the OS account this test runs as:
    /// Grant-ApiKeyAdminRole -Recover and Backup-ApiKeyStore.
    /// </summary>
    public sealed class StoreRecoveryCommandTests : CommandTestBase
    {
        [Fact]
        public void The_owner_recovers_a_store_no_Super_Admin_can_use_and_the_recovery_is_audited()
        {
            Ok("New-ApiKey -Account acme; Grant-ApiKeyAdminRole -User bob");
            string me = (string)Ok("Get-ApiKeyAdminRole").Output.Select(r => Prop(r, "User")).First(u => (string)u != "bob");
            CoreSeams.Define(Session);
            // Bob used the store, so the owner could leave it to him; then bob left the company.
            Assert.False(CoreSeams.AsUser(Session, "bob", "$m.Keys.Create('beta', 'Standard', $null) | Out-Null").HadErrors);
            Ok($"Revoke-ApiKeyAdminRole -User '{me}' -Force");
            Assert.StartsWith("SuperAdminRequired,", Fails("Get-ApiKey").FullyQualifiedErrorId);

            Assert.Empty(Ok("Grant-ApiKeyAdminRole -Recover -WhatIf").Output);
            Assert.StartsWith("SuperAdminRequired,", Fails("Get-ApiKey").FullyQualifiedErrorId);
            PSObject recovered = Assert.Single(Ok("Grant-ApiKeyAdminRole -Recover -Force -PassThru").Output);

            Assert.Equal(me, Prop(recovered, "User"));
            Assert.Equal(2, Ok("Get-ApiKey").Output.Count);
            PSObject row = Assert.Single(Ok("Get-ApiKeyAuditLog -Action AccessRecovered").Output);
            Assert.Equal(me, Prop(row, "Actor"));
            Assert.True((bool)Prop(Assert.Single(Ok("Test-ApiKeyAuditLog").Output), "IsValid"));
        }

        [Fact]
        public void Recovery_asks_first_and_a_session_that_cannot_prompt_changes_nothing()
        {
            Ok("New-ApiKey -Account acme");
            string me = (string)Prop(Assert.Single(Ok("Get-ApiKeyAdminRole").Output), "User");
            Ok("Grant-ApiKeyAdminRole -User bob");
            CoreSeams.Define(Session);
            Assert.False(CoreSeams.AsUser(Session, "bob", "$m.Keys.Create('beta', 'Standard', $null) | Out-Null").HadErrors);
            Ok($"Revoke-ApiKeyAdminRole -User '{me}' -Force");

            InvocationResult asked = Session.Invoke("Grant-ApiKeyAdminRole -Recover");

            Assert.True(asked.HadErrors);
            Assert.DoesNotContain("NotStoreOwner", asked.ToString());
            Assert.Contains("prompt", asked.ToString(), System.StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("SuperAdminRequired,", Fails("Get-ApiKey").FullyQualifiedErrorId);
            Assert.Single(Ok("Grant-ApiKeyAdminRole -Recover -Confirm:$false -PassThru").Output);
        }

        [Fact]
        public void Backup_ApiKeyStore_writes_a_private_backup_and_names_the_key_file_to_keep()
        {
            Ok("New-ApiKey -Account acme; New-ApiKey -Account beta");
            string destination = Path.Combine(Session.TempDirectory, "backups", "apikeys.db");
            var parameters = new Hashtable { ["D"] = destination };

            Assert.Empty(Ok("param($D) Backup-ApiKeyStore -Destination $D -WhatIf", parameters).Output);
            Assert.False(File.Exists(destination));
            PSObject backup = Assert.Single(Ok("param($D) Backup-ApiKeyStore $D", parameters).Output);

            Assert.Equal(destination, Prop(backup, "Destination"));
            Assert.EndsWith(".key", (string)Prop(backup, "ProtectionKeyFile"));
            Assert.True(File.Exists((string)Prop(backup, "ProtectionKeyFile")));
            Assert.Equal(new[] { destination }, Directory.GetFiles(Path.GetDirectoryName(destination)));
            Assert.Equal(2, Ok("param($D) Get-ApiKey -StorePath $D", parameters).Output.Count);
            Assert.True((bool)Prop(Assert.Single(Ok("param($D) Test-ApiKeyAuditLog -StorePath $D", parameters).Output), "IsValid"));

            AssertError(Fails("param($D) Backup-ApiKeyStore $D", parameters), "BackupDestinationExists", ErrorCategory.ResourceExists, destination);
            Ok("param($D) Backup-ApiKeyStore $D -Force", parameters);
        }

        [Fact]
        public void A_folder_as_the_store_path_is_InvalidStore_for_reading_and_writing_commands()
        {
            string folder = Path.Combine(Session.TempDirectory, "a-folder");
            Directory.CreateDirectory(folder);
            var parameters = new Hashtable { ["P"] = folder };

            foreach (string command in new[] { "Get-ApiKey", "New-ApiKey -Account acme", "Get-ApiKeyAuditLog", "Test-ApiKey -Key x", "Get-ApiKeyAdminRole" })
            {
                AssertError(Fails($"param($P) {command} -StorePath $P", parameters), "InvalidStore", ErrorCategory.InvalidData, folder);
            }

            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
    }
}
