using System.Collections;
using System.IO;
using System.Management.Automation;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>Choosing a PostgreSQL store: -ConnectionString, $env:APIKEYADMIN_CONNECTION, and what beats what.</summary>
    public sealed class PostgreSqlStoreSelectionTests : CommandTestBase
    {
        public PostgreSqlStoreSelectionTests()
            : base(StoreKind.PostgreSql)
        {
            // Each test names its store itself.
            Session.Invoke("$PSDefaultParameterValues.Clear()");
        }

        [SkippableFact]
        public void StorePath_and_ConnectionString_together_are_ConflictingStoreParameters_and_nothing_is_made()
        {
            ErrorRecord error = Fails("param($C, $P) New-ApiKey -Account acme -ConnectionString $C -StorePath $P",
                new Hashtable { ["C"] = ConnectionString, ["P"] = Session.StorePath });

            AssertError(error, "ConflictingStoreParameters", ErrorCategory.InvalidArgument, Session.StorePath);
            Assert.False(StoreMade);
            Assert.False(File.Exists(Session.StorePath));
        }

        [SkippableFact]
        public void The_connection_variable_chooses_PostgreSQL_and_an_explicit_StorePath_beats_it()
        {
            Ok(@"param($C, $P)
                $env:APIKEYADMIN_CONNECTION = $C
                try { $null = New-ApiKey -Account acme; $null = New-ApiKey -Account beta -StorePath $P }
                finally { $env:APIKEYADMIN_CONNECTION = $null }", new Hashtable { ["C"] = ConnectionString, ["P"] = Session.StorePath });

            Assert.True(StoreMade);
            Assert.True(File.Exists(Session.StorePath));
            InvocationResult keys = Ok("param($C) Get-ApiKey -ConnectionString $C", new Hashtable { ["C"] = ConnectionString });
            Assert.Equal("acme", Prop(Assert.Single(keys.Output), "Account"));
        }

        [SkippableFact]
        public void Both_variables_set_are_ConflictingStoreEnvironment_unless_a_parameter_names_the_store()
        {
            const string both = @"param($C, $P, $Explicit)
                $env:APIKEYADMIN_CONNECTION = $C; $env:APIKEYADMIN_STORE = $P
                try { if ($Explicit) { New-ApiKey -Account acme -ConnectionString $C } else { Get-ApiKey } }
                finally { $env:APIKEYADMIN_CONNECTION = $null; $env:APIKEYADMIN_STORE = $null }";
            var parameters = new Hashtable { ["C"] = ConnectionString, ["P"] = Session.StorePath, ["Explicit"] = false };

            AssertError(Fails(both, parameters), "ConflictingStoreEnvironment", ErrorCategory.InvalidArgument, "APIKEYADMIN_STORE");

            parameters["Explicit"] = true;
            Ok(both, parameters);
            Assert.True(StoreMade);
            Assert.False(File.Exists(Session.StorePath));
        }

        [SkippableFact]
        public void Verbose_output_and_errors_name_the_store_without_its_password()
        {
            string password = PostgreSqlServer.Instance.Password;
            InvocationResult made = Ok("param($C) New-ApiKey -Account acme -ConnectionString $C -Verbose", new Hashtable { ["C"] = ConnectionString });
            Assert.Contains(made.Verbose, v => v.Message.Contains("Search Path=" + Schema));
            Assert.DoesNotContain(made.Verbose, v => v.Message.Contains(password));

            string wrong = "Wrong-" + System.Guid.NewGuid().ToString("N");
            string badPassword = new NpgsqlConnectionStringBuilder(ConnectionString) { Password = wrong }.ConnectionString;
            ErrorRecord error = Fails("param($C) Get-ApiKey -ConnectionString $C -Verbose", new Hashtable { ["C"] = badPassword });

            AssertError(error, "StoreUnreadable", ErrorCategory.OpenError, error.TargetObject);
            foreach (string secret in new[] { password, wrong })
            {
                Assert.DoesNotContain(secret, error.ToString());
                Assert.DoesNotContain(secret, error.Exception.ToString());
                Assert.DoesNotContain(secret, (string)error.TargetObject);
            }
        }
    
        [SkippableFact]
        public void Test_ApiKey_against_a_server_that_cannot_be_reached_is_the_store_error_not_a_refusal()
        {
            InvocationResult made = Ok("param($C) New-ApiKey -Account acme -ConnectionString $C -AsPlainText", new Hashtable { ["C"] = ConnectionString });
            object secret = Prop(Assert.Single(made.Output), "Secret");
            string closed = new NpgsqlConnectionStringBuilder(ConnectionString) { Port = 1, Timeout = 3 }.ConnectionString;

            InvocationResult tested = Session.Invoke("param($C, $K) Test-ApiKey -Key $K -ConnectionString $C", new Hashtable { ["C"] = closed, ["K"] = secret });

            Assert.Empty(tested.Output);
            ErrorRecord error = Assert.Single(tested.Errors);
            AssertError(error, "StoreUnreadable", ErrorCategory.OpenError, error.TargetObject);
            Assert.DoesNotContain((string)secret, error.ToString());
        }
    }
}
