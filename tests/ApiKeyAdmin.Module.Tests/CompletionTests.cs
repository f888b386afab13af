using System.Collections;
using System.Linq;
using System.Management.Automation;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    public abstract class CompletionTests : CommandTestBase
    {
        protected CompletionTests(StoreKind kind)
            : base(kind)
        {
        }

        // The store as a user types it on the command line, where the completer reads it from.
        private string StoreArgument => Kind == StoreKind.PostgreSql ? $"-ConnectionString '{ConnectionString}'" : $"-StorePath '{Session.StorePath}'";

        private string[] Complete(string line)
        {
            InvocationResult result = Ok(
                "param($Line) (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText",
                new Hashtable { ["Line"] = line });
            return result.Output.Select(o => o.ToString()).ToArray();
        }

        [SkippableFact]
        public void Account_names_complete_from_the_store_named_on_the_command_line_quoted_where_needed()
        {
            Ok("New-ApiKey -Account acme; New-ApiKey -Account 'acme labs'; New-ApiKey -Account beta");

            string[] matches = Complete($"Get-ApiKey {StoreArgument} -Account ac");

            Assert.Equal(new[] { "acme", "'acme labs'" }, matches);
        }

        [SkippableFact]
        public void Key_ids_and_users_complete_too()
        {
            string keyId = (string)Ok("(New-ApiKey -Account acme).KeyId").Output[0].BaseObject;
            Ok("Grant-ApiKeyAdminRole -User bob");

            Assert.Equal(new[] { keyId }, Complete($"Disable-ApiKey {StoreArgument} -KeyId key_"));
            Assert.Contains("bob", Complete($"Revoke-ApiKeyAdminRole {StoreArgument} -User b"));
        }

        [SkippableFact]
        public void A_key_id_completes_with_its_account_kind_status_and_mask_as_tooltip()
        {
            PSObject key = Ok("New-ApiKey -Account acme -Kind Developer").Output.Single();
            string line = $"Disable-ApiKey {StoreArgument} -KeyId key_";

            InvocationResult result = Ok(
                "param($Line) (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object ToolTip",
                new Hashtable { ["Line"] = line });

            Assert.Equal($"acme, Developer, Active, {Prop(key, "MaskedKey")}", Assert.Single(result.Output).ToString());
        }

        [SkippableFact]
        public void A_missing_store_completes_nothing_and_is_not_created()
        {
            string[] matches = Complete($"Get-ApiKey {StoreArgument} -Account a");

            Assert.DoesNotContain(matches, m => m.StartsWith("a") && m != "a");
            Assert.False(StoreMade);
        }
    }

    public sealed class SqliteCompletionTests : CompletionTests
    {
        public SqliteCompletionTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlCompletionTests : CompletionTests
    {
        public PostgreSqlCompletionTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
