using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>
    /// A module session whose ApiKeyAdmin commands all use the session's own throw-away store: a SQLite file, or a
    /// schema of its own on the test run's PostgreSQL server (reported skipped, with the reason, when there is none).
    /// </summary>
    public abstract class CommandTestBase : IDisposable
    {
        protected CommandTestBase(StoreKind kind = StoreKind.Sqlite)
        {
            Kind = kind;
            if (kind == StoreKind.PostgreSql)
            {
                Skip.If(PostgreSqlServer.SkipReason != null, PostgreSqlServer.SkipReason);
                Schema = "m_" + Guid.NewGuid().ToString("N");
                ConnectionString = PostgreSqlServer.Instance.ForSchema(Schema);
            }

            Session = new ModuleSession();
            if (kind == StoreKind.PostgreSql)
            {
                Session.ConnectionString = ConnectionString;
                Session.Invoke("param($C) $PSDefaultParameterValues['*-ApiKey*:ConnectionString'] = $C", new Hashtable { ["C"] = ConnectionString });
            }
            else
            {
                Session.Invoke("param($Path) $PSDefaultParameterValues['*-ApiKey*:StorePath'] = $Path", new Hashtable { ["Path"] = Session.StorePath });
            }
        }

        protected StoreKind Kind { get; }

        protected ModuleSession Session { get; }

        /// <summary>The PostgreSQL store's connection string, password included; never printed.</summary>
        protected string ConnectionString { get; }

        protected string Schema { get; }

        /// <summary>Who the session's commands act as: on PostgreSQL the authenticated login, on SQLite the OS user.</summary>
        protected string Me => Kind == StoreKind.PostgreSql ? PostgreSqlServer.Role : Environment.UserName;

        /// <summary>Whether anything of the session's store was made: its file, or its schema.</summary>
        protected bool StoreMade => Kind == StoreKind.PostgreSql
            ? PostgreSqlServer.Instance.SchemaExists(Schema)
            : System.IO.File.Exists(Session.StorePath);

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
            if (Kind == StoreKind.PostgreSql)
            {
                PostgreSqlServer.Instance.DropSchema(Schema);
            }

            GC.SuppressFinalize(this);
        }

        protected static string[] Actions(InvocationResult audit) => audit.Output.Select(o => Prop(o, "Action").ToString()).ToArray();
    }
}
