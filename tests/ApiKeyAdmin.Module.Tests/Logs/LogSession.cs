using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Logs
{
    /// <summary>
    /// A module session for the log commands: every ApiKeyAdmin command defaults to the session's throw-away store (a
    /// SQLite file, or a schema of its own on the test run's PostgreSQL server), and <c>Send-TestCall</c> records a
    /// call with a response status through the core's embedded verifier, as a service would (Test-ApiKey records calls
    /// without one).
    /// </summary>
    public sealed class LogSession : IDisposable
    {
        private const string Helpers = @"
param($Parameter, $Store)
$PSDefaultParameterValues[""*-ApiKey*:$Parameter""] = $Store
# The session's store as the commands build it.
function New-TestKeyStore {
    [ApiKeyAdmin.StoreFactory]::NewStore($ExecutionContext.SessionState,
        $PSDefaultParameterValues['*-ApiKey*:StorePath'], $PSDefaultParameterValues['*-ApiKey*:ConnectionString'])
}

function Send-TestCall([string] $Key, [string] $Method, [string] $Path, [int] $StatusCode, [double] $DurationMs) {
    $options = [ApiKeyAdmin.Verification.KeyVerifierOptions]::new()
    $options.BatchCalls = $false
    $verifier = [ApiKeyAdmin.Verification.KeyVerifier]::new((New-TestKeyStore), [ApiKeyAdmin.Secrets.ProtectionKeyFolder]::ForCurrentUser(), $options)
    try {
        $call = $verifier.Begin($Key, $Method, $Path, '198.51.100.9')
        $call.Complete($StatusCode, [TimeSpan]::FromMilliseconds($DurationMs))
    }
    finally { $verifier.Dispose() }
}";

        public LogSession(StoreKind kind = StoreKind.Sqlite)
        {
            Kind = kind;
            if (kind == StoreKind.PostgreSql)
            {
                Skip.If(PostgreSqlServer.SkipReason != null, PostgreSqlServer.SkipReason);
            }

            Session = new ModuleSession();
            if (kind == StoreKind.PostgreSql)
            {
                Session.ConnectionString = PostgreSqlServer.Instance.ForSchema("g_" + Guid.NewGuid().ToString("N"));
            }

            Ok(Helpers, new Hashtable { ["Parameter"] = StoreParameter, ["Store"] = (object)Session.ConnectionString ?? Session.StorePath });
        }

        public StoreKind Kind { get; }

        /// <summary>The parameter that names the session's store: StorePath or ConnectionString.</summary>
        public string StoreParameter => Kind == StoreKind.PostgreSql ? "ConnectionString" : "StorePath";

        /// <summary>
        /// Splatting for a store of the session's kind that does not exist: a file never made, or a schema never made.
        /// </summary>
        public Hashtable MissingStore() => new Hashtable
        {
            [StoreParameter] = Kind == StoreKind.PostgreSql
                ? PostgreSqlServer.Instance.ForSchema("none_" + Guid.NewGuid().ToString("N"))
                : System.IO.Path.Combine(Session.TempDirectory, "none.db"),
        };

        /// <summary>Whether the store <see cref="MissingStore"/> named was made after all.</summary>
        public bool Exists(Hashtable store) => Kind == StoreKind.PostgreSql
            ? PostgreSqlServer.Instance.SchemaExists(new NpgsqlConnectionStringBuilder((string)store[StoreParameter]).SearchPath)
            : System.IO.File.Exists((string)store[StoreParameter]);

        public ModuleSession Session { get; }

        /// <summary>Runs a script and fails the test on any error.</summary>
        public InvocationResult Ok(string script, IDictionary parameters = null)
        {
            InvocationResult result = Session.Invoke(script, parameters);
            Assert.False(result.HadErrors, result.ToString());
            return result;
        }

        /// <summary>Runs a script that must fail with exactly one error, and returns that error.</summary>
        public ErrorRecord Fails(string script, IDictionary parameters = null) => Assert.Single(Session.Invoke(script, parameters).Errors);

        /// <summary>The value of a property of an output object.</summary>
        public static object Prop(PSObject item, string name) => item.Properties[name].Value;

        /// <summary>One property of every output object, as text.</summary>
        public static string[] Texts(InvocationResult result, string name) =>
            result.Output.Select(o => Prop(o, name)?.ToString()).ToArray();

        /// <summary>Asserts the ErrorId, category and target of an error.</summary>
        public static void AssertError(ErrorRecord error, string errorId, ErrorCategory category)
        {
            Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
            Assert.Equal(category, error.CategoryInfo.Category);
        }

        /// <summary>
        /// Asserts that every object is of <paramref name="typeName"/> and holds scalars only (strings, numbers,
        /// booleans, enums, DateTimeOffset or null), the same property set each time, so it exports cleanly.
        /// </summary>
        public static void AssertFlat(InvocationResult result, string typeName)
        {
            Assert.NotEmpty(result.Output);
            string[] first = result.Output[0].Properties.Select(p => p.Name).ToArray();
            foreach (PSObject item in result.Output)
            {
                Assert.Equal(typeName, item.BaseObject.GetType().FullName);
                Assert.Equal(first, item.Properties.Select(p => p.Name).ToArray());
                foreach (PSPropertyInfo property in item.Properties)
                {
                    object value = property.Value is PSObject wrapped ? wrapped.BaseObject : property.Value;
                    Assert.True(
                        value == null || value is string || value is bool || value is int || value is long || value is double
                            || value is DateTimeOffset || value.GetType().IsEnum,
                        $"{typeName}.{property.Name} is a {value?.GetType().FullName}");
                }
            }
        }

        public void Dispose()
        {
            Session.Dispose();
            if (Kind == StoreKind.PostgreSql)
            {
                PostgreSqlServer.Instance.DropSchema(new NpgsqlConnectionStringBuilder(Session.ConnectionString).SearchPath);
            }
        }
    }
}
