using System.Collections;
using System.IO;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    public class StoreErrorTests : CommandTestBase
    {
        [Fact]
        public void A_file_that_is_not_a_store_is_InvalidStore_and_is_left_untouched()
        {
            string path = Path.Combine(Session.TempDirectory, "notes.txt");
            File.WriteAllText(path, "just some notes, not a database at all, long enough to have a header");
            byte[] before = File.ReadAllBytes(path);

            ErrorRecord error = Fails("param($P) New-ApiKey -Account acme -StorePath $P", new Hashtable { ["P"] = path });

            AssertError(error, "InvalidStore", ErrorCategory.InvalidData, path);
            Assert.Equal(before, File.ReadAllBytes(path));
        }

        [Fact]
        public void A_store_path_below_a_file_is_StoreNotWritable()
        {
            string blocker = Path.Combine(Session.TempDirectory, "blocker");
            File.WriteAllText(blocker, "a file where a folder should be");
            string path = Path.Combine(blocker, "apikeys.db");

            ErrorRecord error = Fails("param($P) New-ApiKey -Account acme -StorePath $P", new Hashtable { ["P"] = path });

            AssertError(error, "StoreNotWritable", ErrorCategory.WriteError, path);
        }

        [Fact]
        public void The_environment_variable_chooses_the_store_and_StorePath_beats_it()
        {
            string fromEnvironment = Path.Combine(Session.TempDirectory, "env.db");
            string explicitPath = Path.Combine(Session.TempDirectory, "explicit.db");

            Ok(@"param($E, $X)
                $PSDefaultParameterValues.Clear()
                $env:APIKEYADMIN_STORE = $E
                try { $null = New-ApiKey -Account acme; $null = New-ApiKey -Account beta -StorePath $X }
                finally { $env:APIKEYADMIN_STORE = $null }", new Hashtable { ["E"] = fromEnvironment, ["X"] = explicitPath });

            Assert.True(File.Exists(fromEnvironment));
            Assert.True(File.Exists(explicitPath));
        }

        [Fact]
        public void Verbose_output_names_the_store_and_never_a_secret()
        {
            InvocationResult result = Ok(@"
                $k = New-ApiKey -Account acme -AsPlainText -Verbose
                $r = Invoke-ApiKeyRotation -Account acme -Force -AsPlainText -Verbose
                $k.Secret; $r.Secret");
            string first = (string)result.Output[^2].BaseObject;
            string second = (string)result.Output[^1].BaseObject;

            Assert.Contains(result.Verbose, v => v.Message.Contains(Session.StorePath));
            foreach (VerboseRecord line in result.Verbose)
            {
                Assert.False(line.Message.Contains(first) || line.Message.Contains(second), "A verbose line carries a secret.");
            }
        }

        [Fact]
        public void Show_once_stores_refuse_to_reveal_with_RevealDisabled()
        {
            Ok("New-ApiKey -Account acme; Set-ApiKeyStorePolicy -Reveal Never -Force");

            InvocationResult result = Session.Invoke("Get-ApiKey -Account acme -Reveal");

            Assert.Empty(result.Output);
            Assert.StartsWith("RevealDisabled,", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal("Never", Prop(Assert.Single(Ok("Get-ApiKeyStorePolicy").Output), "Reveal").ToString());
        }
    }
}
