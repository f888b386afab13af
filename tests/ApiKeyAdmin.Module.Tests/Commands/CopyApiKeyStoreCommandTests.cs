using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>Copy-ApiKeyStore from the session's SQLite file into a PostgreSQL schema of the test's own.</summary>
    public sealed class CopyApiKeyStoreCommandTests : CommandTestBase
    {
        public CopyApiKeyStoreCommandTests()
            : base(StoreKind.PostgreSql)
        {
            Session.Invoke("$PSDefaultParameterValues.Clear()");
        }

        [SkippableFact]
        public void A_SQLite_store_is_copied_and_the_copy_verifies_and_verifies_keys()
        {
            var names = new Hashtable { ["P"] = Session.StorePath, ["C"] = ConnectionString };
            Ok("param($P) $null = New-ApiKey -Account acme -StorePath $P; $null = Invoke-ApiKeyRotation -Account acme -StorePath $P -Force", names);

            InvocationResult copy = Ok("param($P, $C) Copy-ApiKeyStore -From $P -To $C", names);

            PSObject summary = Assert.Single(copy.Output);
            Assert.Equal(2, Prop(summary, "Keys"));
            Assert.DoesNotContain(PostgreSqlServer.Instance.Password, (string)Prop(summary, "Target"));
            // The copy names the key file it made, which every host that administers the new store needs.
            string keyFile = (string)Prop(summary, "TargetProtectionKeyPath");
            Assert.True(System.IO.File.Exists(keyFile), keyFile);
            Assert.Equal(keyFile, Ok("param($C) (Get-ApiKeyStore -ConnectionString $C).ProtectionKeyPath", names).Output.Single().ToString());
            InvocationResult check = Ok("param($C) Test-ApiKeyAuditLog -ConnectionString $C; (Get-ApiKeyAuditLog -ConnectionString $C -First 1).Action", names);
            Assert.True((bool)Prop(check.Output[0], "IsValid"));
            Assert.Equal("StoreCopied", check.Output[1].ToString());
            InvocationResult same = Ok("param($P, $C) (Get-ApiKey -StorePath $P -Reveal -AsPlainText).Secret; (Get-ApiKey -ConnectionString $C -Reveal -AsPlainText).Secret", names);
            Assert.Equal(same.Output[0].BaseObject, same.Output[1].BaseObject);
        }

        [SkippableFact]
        public void WhatIf_copies_nothing_and_a_second_copy_is_TargetStoreExists()
        {
            var names = new Hashtable { ["P"] = Session.StorePath, ["C"] = ConnectionString };
            Ok("param($P) $null = New-ApiKey -Account acme -StorePath $P", names);

            Ok("param($P, $C) Copy-ApiKeyStore -From $P -To $C -WhatIf", names);
            Assert.False(StoreMade);

            Ok("param($P, $C) $null = Copy-ApiKeyStore -From $P -To $C", names);
            ErrorRecord again = Fails("param($P, $C) Copy-ApiKeyStore -From $P -To $C", names);
            Assert.StartsWith("TargetStoreExists,", again.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, again.CategoryInfo.Category);
        }
    }
}
