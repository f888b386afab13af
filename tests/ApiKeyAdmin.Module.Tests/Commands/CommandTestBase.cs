using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>A module session whose ApiKeyAdmin commands all use the session's own throw-away store.</summary>
    public abstract class CommandTestBase : IDisposable
    {
        protected CommandTestBase()
        {
            Session = new ModuleSession();
            Session.Invoke("param($Path) $PSDefaultParameterValues['*-ApiKey*:StorePath'] = $Path", new Hashtable { ["Path"] = Session.StorePath });
        }

        protected ModuleSession Session { get; }

        /// <summary>Runs a script and fails the test on any error.</summary>
        protected InvocationResult Ok(string script, IDictionary parameters = null)
        {
            InvocationResult result = Session.Invoke(script, parameters);
            Assert.False(result.HadErrors, result.ToString());
            return result;
        }

        /// <summary>Runs a script that must fail with exactly one error, and returns that error.</summary>
        protected ErrorRecord Fails(string script, IDictionary parameters = null)
        {
            InvocationResult result = Session.Invoke(script, parameters);
            return Assert.Single(result.Errors);
        }

        /// <summary>The value of a property of an output object.</summary>
        protected static object Prop(PSObject item, string name) => item.Properties[name].Value;

        /// <summary>How many keys of the account verify, and how many there are in all.</summary>
        protected (int Verifying, int All) CountKeys(string account)
        {
            // An account without keys that verify is a (non-terminating) KeyNotFound, which still sets HadErrors.
            InvocationResult result = Session.Invoke($"@(Get-ApiKey -Account '{account}' -ErrorAction Ignore).Count; @(Get-ApiKey -Account '{account}' -IncludeInactive -ErrorAction Ignore).Count");
            Assert.Empty(result.Errors);
            return ((int)result.Output[0].BaseObject, (int)result.Output[1].BaseObject);
        }

        protected static void AssertError(ErrorRecord error, string errorId, ErrorCategory category, object target)
        {
            Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
            Assert.Equal(category, error.CategoryInfo.Category);
            Assert.Equal(target, error.TargetObject);
        }

        public void Dispose()
        {
            Session.Dispose();
            GC.SuppressFinalize(this);
        }

        protected static string[] Actions(InvocationResult audit) => audit.Output.Select(o => Prop(o, "Action").ToString()).ToArray();
    }
}
