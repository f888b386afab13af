using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace ApiKeyAdmin.Module.Tests.Commands
{
    /// <summary>
    /// Grant-, Revoke- and Get-ApiKeyStoreAccess through the built module, and every command as each kind of login: the
    /// owner (the tests' keyadmin role, the store's creator), an Administer login without the role, a Super Admin login
    /// that is not the owner, and a Verify login, each made by a DBA with CREATE ROLE ... LOGIN alone. The acting user is
    /// the login; the OS user (root here) counts for nothing.
    /// </summary>
    public sealed class StoreAccessCommandTests : CommandTestBase, IDisposable
    {
        private const string Ok_ = "ok";
        private readonly Dictionary<string, string> connections = new Dictionary<string, string>();
        private readonly string tag = Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly string secret;

        public StoreAccessCommandTests()
            : base(StoreKind.PostgreSql)
        {
            // Of an account no test rotates, so that it verifies for every login in turn.
            secret = (string)Prop(Ok("New-ApiKey -Account probe -AsPlainText").Output.Single(), "Secret");
            Ok("New-ApiKey -Account acme");
        }

        [SkippableFact]
        public void Grant_PassThru_Get_and_Revoke_by_pipeline_each_audited_under_the_owners_login()
        {
            string verify = NewLogin("ver");

            PSObject granted = Ok("param($L) Grant-ApiKeyStoreAccess -Login $L -Access Verify -PassThru", new Hashtable { ["L"] = verify }).Output.Single();
            Assert.Equal(verify, Prop(granted, "Login"));
            Assert.Equal("Verify", Prop(granted, "Access").ToString());
            Assert.Equal(PostgreSqlServer.Role, Prop(granted, "GrantedBy"));
            Assert.IsType<DateTimeOffset>(Prop(granted, "GrantedAt"));
            Assert.Equal(verify, Prop(Ok("param($L) Get-ApiKeyStoreAccess -Login $L", new Hashtable { ["L"] = verify }).Output.Single(), "Login"));

            // -WhatIf changes nothing; the pipeline binds Login by property name.
            Ok("Get-ApiKeyStoreAccess | Revoke-ApiKeyStoreAccess -WhatIf");
            Assert.Single(Ok("Get-ApiKeyStoreAccess").Output);
            Ok("Get-ApiKeyStoreAccess | Revoke-ApiKeyStoreAccess -Confirm:$false");

            Assert.Empty(Ok("Get-ApiKeyStoreAccess").Output);
            string[] actions = Actions(Ok("Get-ApiKeyAuditLog"));
            Assert.Contains("AccessGranted", actions);
            Assert.Contains("AccessRevoked", actions);
            Assert.All(Ok("Get-ApiKeyAuditLog").Output, row => Assert.Equal(PostgreSqlServer.Role, Prop(row, "Actor")));
            AssertError(Fails("param($C) Get-ApiKey -ConnectionString $C", new Hashtable { ["C"] = Connection(verify) }),
                "StoreAccessDenied", ErrorCategory.PermissionDenied, verify);
        }

        [SkippableFact]
        public void Every_command_as_each_login_does_what_its_access_and_role_allow()
        {
            string admin = NewLogin("adm");
            string super = NewLogin("sup");
            string verify = NewLogin("ver");
            Ok("param($A, $S, $V) Grant-ApiKeyStoreAccess $A Administer; Grant-ApiKeyStoreAccess $S Administer; Grant-ApiKeyAdminRole -User $S; Grant-ApiKeyStoreAccess $V Verify",
                new Hashtable { ["A"] = admin, ["S"] = super, ["V"] = verify });
            string other = NewLogin("oth");

            var commands = new (string Name, string Script)[]
            {
                ("Get-ApiKey", "Get-ApiKey -ConnectionString $C"),
                ("New-ApiKey", "New-ApiKey -ConnectionString $C -Account ('a' + [guid]::NewGuid().ToString('N'))"),
                ("Invoke-ApiKeyRotation", "Invoke-ApiKeyRotation -ConnectionString $C -Account acme -Confirm:$false"),
                ("Get-ApiKeyAdminRole", "Get-ApiKeyAdminRole -ConnectionString $C"),
                ("Get-ApiKeyAuditLog", "Get-ApiKeyAuditLog -ConnectionString $C"),
                ("Test-ApiKeyAuditLog", "Test-ApiKeyAuditLog -ConnectionString $C"),
                ("Get-ApiKeyCallLog", "Get-ApiKeyCallLog -ConnectionString $C"),
                ("Get-ApiKeyStorePolicy", "Get-ApiKeyStorePolicy -ConnectionString $C"),
                ("Get-ApiKeyStoreAccess", "Get-ApiKeyStoreAccess -ConnectionString $C"),
                ("Grant-ApiKeyStoreAccess", "Grant-ApiKeyStoreAccess -ConnectionString $C -Login $O -Access Verify"),
                ("Test-ApiKey", "if (-not (Test-ApiKey -ConnectionString $C -Key $K).IsValid) { throw 'refused' }"),
            };
            var expected = new Dictionary<string, Func<string, string>>
            {
                [PostgreSqlServer.Role] = command => Ok_,
                [super] = command => command == "Grant-ApiKeyStoreAccess" ? "StoreOwnerRequired" : Ok_,
                [admin] = command => command == "Test-ApiKey" ? Ok_ : "SuperAdminRequired",
                [verify] = command => command == "Test-ApiKey" ? Ok_ : "SuperAdminRequired",
            };

            var mismatches = new List<string>();
            foreach (KeyValuePair<string, Func<string, string>> login in expected)
            {
                foreach ((string name, string script) in commands)
                {
                    InvocationResult result = Session.Invoke("param($C, $K, $O) " + script,
                        new Hashtable { ["C"] = Connection(login.Key), ["K"] = secret, ["O"] = other });
                    string outcome = result.Errors.Count == 0 ? Ok_ : result.Errors[0].FullyQualifiedErrorId.Split(',')[0];
                    if (outcome != login.Value(name))
                    {
                        mismatches.Add($"{name} as {login.Key}: {outcome}, expected {login.Value(name)}");
                    }
                }
            }

            Assert.Empty(mismatches);
        }

        [SkippableFact]
        public void An_OS_user_or_a_connected_user_named_like_a_Super_Admin_gives_a_login_nothing()
        {
            string admin = NewLogin("adm");
            string verify = NewLogin("ver");
            Ok("param($A, $V, $Me) Grant-ApiKeyStoreAccess $A Administer; Grant-ApiKeyStoreAccess $V Verify; Grant-ApiKeyAdminRole -User $Me; Grant-ApiKeyAdminRole -User 'CONTOSO\\boss'",
                new Hashtable { ["A"] = admin, ["V"] = verify, ["Me"] = Environment.UserName });
            // A connected user as a JEA session's engine sets it: read-only, naming a Super Admin.
            Ok(@"$identity = [System.Management.Automation.Remoting.PSIdentity]::new('NTLM', $true, 'CONTOSO\boss', $null)
                $sender = [System.Management.Automation.Remoting.PSSenderInfo]::new([System.Management.Automation.Remoting.PSPrincipal]::new($identity, $null), 'https://jea/')
                $ExecutionContext.SessionState.PSVariable.Set([System.Management.Automation.PSVariable]::new('PSSenderInfo', $sender, 'ReadOnly'))");

            foreach (string login in new[] { admin, verify })
            {
                ErrorRecord error = Fails("param($C) Get-ApiKey -ConnectionString $C -Reveal -AsPlainText", new Hashtable { ["C"] = Connection(login) });
                AssertError(error, "SuperAdminRequired", ErrorCategory.PermissionDenied, login);
            }

            PSObject refusal = Ok("Get-ApiKeyAuditLog -Action AccessDenied").Output.Single();
            Assert.Equal(admin, Prop(refusal, "Actor"));
        }

        [SkippableFact]
        public void Logins_complete_from_the_access_rows()
        {
            string verify = NewLogin("ver");
            Ok("param($L) Grant-ApiKeyStoreAccess -Login $L -Access Verify", new Hashtable { ["L"] = verify });

            string line = $"Revoke-ApiKeyStoreAccess -ConnectionString '{ConnectionString}' -Login ver";
            InvocationResult matches = Ok("param($Line) (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText",
                new Hashtable { ["Line"] = line });

            Assert.Equal(new[] { verify }, matches.Output.Select(o => o.ToString()));
        }

        [SkippableFact]
        public void On_a_SQLite_store_the_access_commands_are_NotSupportedForStore()
        {
            foreach (string script in new[]
            {
                "Grant-ApiKeyStoreAccess -StorePath $P -Login bob -Access Verify",
                "Revoke-ApiKeyStoreAccess -StorePath $P -Login bob -Confirm:$false",
                "Get-ApiKeyStoreAccess -StorePath $P",
            })
            {
                ErrorRecord error = Fails("param($P) $PSDefaultParameterValues.Clear(); " + script, new Hashtable { ["P"] = Session.StorePath });
                Assert.StartsWith("NotSupportedForStore,", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            }
        }

        // The logins go after the schema, which holds their privileges.
        public new void Dispose()
        {
            base.Dispose();
            foreach (string login in connections.Keys)
            {
                PostgreSqlServer.Instance.DropLogin(login);
            }
        }

        private string NewLogin(string prefix)
        {
            string login = prefix + "_" + tag;
            connections[login] = PostgreSqlServer.Instance.CreateLogin(login, Schema);
            return login;
        }

        private string Connection(string login) => login == PostgreSqlServer.Role ? ConnectionString : connections[login];
    }
}
