using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Reliability
{
    /// <summary>
    /// A secret pasted into the wrong parameter: every string parameter of every cmdlet but -Key refuses it with
    /// SecretInWrongParameter, naming the parameter and never the value, before anything is read, stored or echoed.
    /// The walk covers each exported cmdlet, so a new parameter cannot forget it.
    /// </summary>
    public sealed class MisplacedSecretTests : CommandTestBase
    {
        private const string UnknownKeyId = "key_0000000000000000";

        private readonly string secret;

        public MisplacedSecretTests()
        {
            // Made by the module's own format, not by a store: a value that only looks like a secret would prove nothing.
            secret = (string)Ok("[ApiKeyAdmin.Secrets.KeyFormat]::Generate('Standard')").Output.Single().BaseObject;
        }

        public static TheoryData<string, string> EveryStringParameter()
        {
            var data = new TheoryData<string, string>();
            using (var session = new ModuleSession())
            {
                foreach (CmdletInfo cmdlet in Cmdlets(session))
                {
                    foreach (string parameter in StringParameters(cmdlet))
                    {
                        data.Add(cmdlet.Name, parameter);
                    }
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(EveryStringParameter))]
        public void A_secret_in_any_string_parameter_but_Key_is_SecretInWrongParameter_and_nothing_is_made_or_echoed(string command, string parameter)
        {
            CmdletInfo cmdlet = Cmdlets(Session).Single(c => c.Name == command);
            Hashtable arguments = ArgumentsWith(cmdlet, parameter, secret);

            InvocationResult result = Session.Invoke("param($Command, $Arguments) $ConfirmPreference = 'None'; & $Command @Arguments -Verbose",
                new Hashtable { ["Command"] = command, ["Arguments"] = arguments });

            ErrorRecord error = Assert.Single(result.Errors);
            AssertError(error, "SecretInWrongParameter", ErrorCategory.InvalidArgument, "-" + parameter);
            Assert.Empty(result.Output);
            AssertNowhere(result);
            Assert.False(StoreMade, "the command made a store");
        }

        [Fact]
        public void The_walk_covers_every_exported_cmdlet_and_the_parameters_the_issue_names()
        {
            var walked = EveryStringParameter().Select(row => $"{row[0]} -{row[1]}").ToList();

            Assert.Equal(Cmdlets(Session).Count, walked.Select(w => w.Split(' ')[0]).Distinct().Count());
            foreach (string named in new[]
            {
                "Get-ApiKey -KeyId", "Get-ApiKey -Account", "Disable-ApiKey -Account", "Test-ApiKey -RequiredScope",
                "Get-ApiKeyCallLog -Path", "Grant-ApiKeyAdminRole -User", "New-ApiKey -Description", "Grant-ApiKeyAdminRole -Role",
            })
            {
                Assert.Contains(named, walked);
            }

            Assert.DoesNotContain("Test-ApiKey -Key", walked);
        }

        [Theory]
        [InlineData("param($S) Grant-ApiKeyAdminRole -User $S")]
        [InlineData("param($S) Grant-ApiKeyAdminRole -User bob -Email \"$S@example.com\"")]
        [InlineData("param($S) New-ApiKey -Account beta -Description $S")]
        [InlineData("param($S) New-ApiKey -Account $S")]
        [InlineData("param($S) Get-ApiKeyCallLog -Path \"[$S\"")]
        [InlineData("param($S) Test-ApiKey -Key garbage -RequiredScope $S")]
        [InlineData("param($S) Test-ApiKey -Key garbage -Path \"/x/$S\"")]
        [InlineData("param($S) [pscustomobject]@{ Key = 'garbage'; Path = \"[$S\" } | Test-ApiKey")]
        [InlineData("param($S) [pscustomobject]@{ Account = $S } | Get-ApiKey")]
        [InlineData("param($S) 'acme', $S | Get-ApiKey")]
        [InlineData("param($S) [pscustomobject]@{ KeyId = $S } | Disable-ApiKey -Force")]
        public void A_refused_secret_is_stored_nowhere_neither_in_roles_keys_audit_nor_call_rows(string script)
        {
            Ok("New-ApiKey -Account acme | Out-Null");
            string before = Counts();

            InvocationResult result = Session.Invoke(script, new Hashtable { ["S"] = secret });

            Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("SecretInWrongParameter,", StringComparison.Ordinal));
            AssertNowhere(result);
            Assert.Equal(before, Counts());
            Ok("Get-ApiKey -Account acme | Out-Null");
            byte[] needle = Encoding.UTF8.GetBytes(secret.Substring(4, 24));
            foreach (string file in Directory.GetFiles(Session.TempDirectory, "*", SearchOption.AllDirectories))
            {
                Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(file)} holds the secret");
            }
        }

        [Fact]
        public void A_key_id_of_a_megabyte_is_InvalidKeyId_and_its_message_is_a_few_hundred_characters()
        {
            Ok("New-ApiKey -Account acme | Out-Null");

            ErrorRecord error = Fails("Get-ApiKey -KeyId ('k' * 1MB)");

            Assert.StartsWith("InvalidKeyId,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.True(error.ToString().Length < 500, $"the error prints {error.ToString().Length} characters");
            Assert.True(error.TargetObject.ToString().Length <= 200);
        }

        [Theory]
        [InlineData("Disable-ApiKey -KeyId key_missing -Force")]
        [InlineData("Invoke-ApiKeyRotation -KeyId \"key_'; --\" -Force")]
        [InlineData("Get-ApiKeyAuditLog -KeyId key_%")]
        [InlineData("Get-ApiKeyCallLog -KeyId key_*")]
        public void A_key_id_that_cannot_be_one_is_InvalidKeyId_before_any_store_read(string command)
        {
            // No store at all: a read would have answered StoreNotFound or nothing.
            ErrorRecord error = Fails(command);

            AssertError(error, "InvalidKeyId", ErrorCategory.InvalidArgument, error.TargetObject);
            Assert.False(StoreMade);
        }

        private static List<CmdletInfo> Cmdlets(ModuleSession session) =>
            session.Invoke("Get-Command -Module ApiKeyAdmin -CommandType Cmdlet").Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

        private static IEnumerable<string> StringParameters(CmdletInfo cmdlet) =>
            cmdlet.Parameters.Values
                .Where(p => p.ParameterType == typeof(string) || p.ParameterType == typeof(string[]))
                .Where(p => p.Name != "Key" && !Cmdlet.CommonParameters.Contains(p.Name) && !Cmdlet.OptionalCommonParameters.Contains(p.Name))
                .Select(p => p.Name)
                .OrderBy(n => n, StringComparer.Ordinal);

        // The parameter given the value, and every other mandatory parameter of a set that holds it given something harmless:
        // the default set when it will do, so that the call binds.
        private static Hashtable ArgumentsWith(CmdletInfo cmdlet, string parameter, string value)
        {
            CommandParameterSetInfo set = cmdlet.ParameterSets
                .Where(s => s.Parameters.Any(p => p.Name == parameter))
                .Where(s => s.Parameters.Where(p => p.IsMandatory && p.Name != parameter).All(p => Harmless(p.ParameterType) != null))
                .OrderByDescending(s => s.IsDefault)
                .First();
            var arguments = new Hashtable { [parameter] = value };
            foreach (CommandParameterInfo other in set.Parameters.Where(p => p.IsMandatory && p.Name != parameter))
            {
                arguments[other.Name] = other.Name == "KeyId" ? UnknownKeyId : Harmless(other.ParameterType);
            }

            return arguments;
        }

        // A value that binds to a parameter of the type, or null for a type (a key object) that no plain value binds to.
        private static object Harmless(Type type) =>
            type.IsEnum ? Enum.GetNames(type)[0]
            : type == typeof(string) || type == typeof(string[]) || type == typeof(object) ? "acme"
            : null;

        // Audit rows, role holders and call rows, as one text to compare.
        private string Counts() => string.Join(",", Ok("@(Get-ApiKeyAuditLog).Count; @(Get-ApiKeyAdminRole).Count; @(Get-ApiKeyCallLog).Count").Output.Select(o => o.ToString()));

        private void AssertNowhere(InvocationResult result)
        {
            string everything = string.Join("\n", result.Errors.Select(e => $"{e} {e.TargetObject} {e.Exception}")
                .Concat(result.Output.Select(o => o?.ToString()))
                .Concat(result.Warnings.Select(w => w.Message))
                .Concat(result.Verbose.Select(v => v.Message)));
            Assert.False(everything.Contains(secret.Substring(4, 24), StringComparison.Ordinal), "the secret was echoed");
        }
    }
}
