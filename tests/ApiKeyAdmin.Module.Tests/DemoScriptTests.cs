using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    /// <summary>Keeps docs/examples/demo.ps1 working where pwsh is absent, by running it in the hosted engine.</summary>
    public class DemoScriptTests
    {
        [Fact]
        public void Demo_walks_the_lifecycle_without_errors_and_without_printing_a_secret()
        {
            using var session = new ModuleSession();
            string demo = Path.Combine(Repo.Root, "docs", "examples", "demo.ps1");

            InvocationResult result = session.Invoke("param($Demo, $Store) & $Demo -StorePath $Store", new Hashtable { ["Demo"] = demo, ["Store"] = session.StorePath });

            Assert.False(result.HadErrors, result.ToString());
            string[] reasons = result.Output.Where(o => o.TypeNames[0] == "ApiKeyAdmin.VerificationResult")
                .Select(o => o.Properties["Reason"].Value.ToString()).ToArray();
            Assert.Equal(new[] { "Valid", "Valid", "Deactivated" }, reasons);
            PSObject chain = Assert.Single(result.Output, o => o.TypeNames[0] == "ApiKeyAdmin.AuditVerification");
            Assert.Equal(true, chain.Properties["IsValid"].Value);
            Assert.Equal(3, result.Output.Count(o => o.TypeNames[0] == "ApiKeyAdmin.CallRecord"));
            Assert.DoesNotMatch(@"ak[sd]_[0-9A-Za-z]{49}", string.Join("\n", result.Output.Select(o => o.ToString())));
        }
    }
}
