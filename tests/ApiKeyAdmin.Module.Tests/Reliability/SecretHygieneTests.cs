using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using ApiKeyAdmin.Module.Tests.Commands;
using Xunit;
using Xunit.Abstractions;

namespace ApiKeyAdmin.Module.Tests.Reliability
{
    /// <summary>
    /// The whole lifecycle with -Verbose and -Debug, failing on every path a user can make it fail on, with every stream
    /// captured: no secret, no piece of one and no form of its hash shows anywhere but in the Secret property of the key
    /// objects that are meant to carry it, nor in the store's files.
    /// </summary>
    public class SecretHygieneTests : CommandTestBase
    {
        // Every record of every stream, as output: the success stream, then errors (terminating ones caught), warnings,
        // verbose, debug and information, with all preferences set to show them.
        private const string Capture = @"
function Capture([scriptblock] $Block) {
    $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
    $WarningPreference = 'Continue'; $ErrorActionPreference = 'Continue'; $ConfirmPreference = 'None'
    try { & $Block *>&1 } catch { $_ }
}";

        private readonly List<(string Step, object Item)> captured = new List<(string, object)>();
        private readonly ITestOutputHelper output;
        private readonly string notAStore;
        private readonly string missing;

        public SecretHygieneTests(ITestOutputHelper output)
        {
            this.output = output;
            notAStore = Path.Combine(Session.TempDirectory, "notes.txt");
            missing = Path.Combine(Session.TempDirectory, "missing", "apikeys.db");
        }

        [Fact]
        public void No_secret_or_hash_of_one_appears_in_any_stream_message_or_store_file_on_any_path()
        {
            Ok(Capture);
            SessionSql.Define(Session);
            File.WriteAllText(notAStore, "a shopping list, not a database, long enough to have a header and then some more");

            // The lifecycle, and every refusal on the way; each command on its own, so that a terminating error stops only it.
            Step("bad names",
                "New-ApiKey -Account ' acme' -Verbose -Debug",
                "New-ApiKey -Account ('a' * 10000) -Verbose -Debug",
                "New-ApiKey -Account acme -Description \"tab`there\" -Verbose -Debug");
            Step("generate",
                "New-ApiKey -Account acme -Description 'CRM sync' -AsPlainText -Verbose -Debug",
                "New-ApiKey -Account acme -Kind Developer -AsPlainText -Verbose -Debug",
                "New-ApiKey -Account beta -Verbose -Debug",
                "New-ApiKey -Account acme -AsPlainText -Verbose -Debug");
            Step("reveal and list",
                "Get-ApiKey -Verbose -Debug",
                "Get-ApiKey -Account acme, beta, nobody -Reveal -AsPlainText -Verbose -Debug",
                "Get-ApiKey -KeyId key_0000000000000000 -Reveal -Verbose -Debug");
            Step("rotate",
                "Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromHours(1)) -Force -AsPlainText -Verbose -Debug",
                "Invoke-ApiKeyRotation -Account acme -Kind Developer -Force -AsPlainText -Verbose -Debug",
                "Invoke-ApiKeyRotation -Account acme -GracePeriod ([TimeSpan]::FromDays(30)) -Force -Verbose -Debug",
                "Invoke-ApiKeyRotation -KeyId key_0000000000000000 -Force -Verbose -Debug",
                "Invoke-ApiKeyRotation -Account nobody -Force -Verbose -Debug",
                "Invoke-ApiKeyRotation -Account acme -WhatIf -Verbose -Debug");
            Step("verify", @"
                foreach ($k in (Get-ApiKey -Account acme -IncludeInactive -Reveal -AsPlainText)) {
                    Test-ApiKey -Key $k.Secret -Method GET -Path /contacts -ClientAddress 203.0.113.7 -Verbose -Debug
                    Test-ApiKey -Key ($k.Secret.Substring(0, 40)) -Verbose -Debug
                    Test-ApiKey -Key ($k.Secret + ' ') -Verbose -Debug
                    Test-ApiKey -Key ($k.Secret.ToUpperInvariant()) -Verbose -Debug
                    Test-ApiKey -Key ($k.Secret.Replace('a', [string][char]0x430)) -Verbose -Debug
                    Test-ApiKey -Key ([System.Net.NetworkCredential]::new('', $k.Secret).SecurePassword) -Verbose -Debug
                }");
            Step("disable",
                "Disable-ApiKey -Account beta -Force -PassThru -Verbose -Debug",
                "Disable-ApiKey -Account beta -Force -Verbose -Debug",
                "Disable-ApiKey -KeyId key_0000000000000000 -Force -Verbose -Debug",
                "Get-ApiKey -Account beta -IncludeInactive -Reveal -AsPlainText -Verbose -Debug | Invoke-ApiKeyRotation -Force -Verbose -Debug",
                "Invoke-ApiKeyRotation -KeyId (Get-ApiKey -Account beta -IncludeInactive).KeyId -Force -Verbose -Debug");
            Step("roles",
                "Grant-ApiKeyAdminRole -User bob -Email bob@example.com -PassThru -Verbose -Debug",
                "Grant-ApiKeyAdminRole -User bob -Verbose -Debug",
                "Grant-ApiKeyAdminRole -User carol -Email 'not an address' -Verbose -Debug",
                "Get-ApiKeyAdminRole -Verbose -Debug",
                "Revoke-ApiKeyAdminRole -User carol -Force -Verbose -Debug");
            Step("logs",
                "Get-ApiKeyAuditLog -Verbose -Debug",
                "Get-ApiKeyAuditLog -Since ([DateTimeOffset]::UtcNow) -Until ([DateTimeOffset]::UtcNow.AddDays(-1)) -Verbose -Debug",
                "Get-ApiKeyCallLog -Verbose -Debug",
                "Test-ApiKeyAuditLog -Verbose -Debug",
                "Get-ApiKeyStorePolicy -Verbose -Debug");
            Step("stores that do not work",
                "Get-ApiKey -StorePath $NotAStore -Verbose -Debug",
                "New-ApiKey -Account acme -StorePath $NotAStore -AsPlainText -Verbose -Debug",
                "Test-ApiKey -Key (Get-ApiKey -Account acme -Reveal -AsPlainText)[0].Secret -StorePath $NotAStore -Verbose -Debug",
                "Get-ApiKey -StorePath $Missing -Reveal -Verbose -Debug",
                "Test-ApiKey -Key (Get-ApiKey -Account acme -Reveal -AsPlainText)[0].Secret -StorePath $Missing -Verbose -Debug",
                "Test-ApiKeyAuditLog -StorePath $Missing -Verbose -Debug");

            // A row edited by hand: rotation refuses it without naming anything but the key id.
            Step("tampered key row",
                "$script:tampered = (Get-ApiKey -Account acme -Kind Developer).KeyId; $null = Invoke-Sql $Path \"UPDATE keys SET created_at = created_at - 1 WHERE key_id = '$script:tampered'\"",
                "Invoke-ApiKeyRotation -KeyId $script:tampered -Force -AsPlainText -Verbose -Debug",
                "Disable-ApiKey -KeyId $script:tampered -Force -Verbose -Debug");

            // The data-protection key made readable by others is refused, then put back (mode bits are Unix only).
            if (!OperatingSystem.IsWindows())
            {
                string keyFile = KeyFile();
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                Step("world-readable key file",
                    "Get-ApiKey -Account acme -Reveal -AsPlainText -Verbose -Debug",
                    "New-ApiKey -Account gamma -AsPlainText -Verbose -Debug",
                    "Test-ApiKey -Key 'aks_0000000000000000000000000000000000000000000000000' -Verbose -Debug");
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                Assert.Contains(Errors(), e => e.FullyQualifiedErrorId.StartsWith("ProtectionKeyInsecure,", StringComparison.Ordinal));
            }

            // Another writer holds the store past the real 10-second busy timeout.
            long keysBefore = KeyCount();
            Step("locked store", @"
                $c = [Microsoft.Data.Sqlite.SqliteConnection]::new(""Data Source=$Path;Pooling=False"")
                $c.Open(); $begin = $c.CreateCommand(); $begin.CommandText = 'BEGIN IMMEDIATE'; $null = $begin.ExecuteNonQuery()
                try { New-ApiKey -Account gamma -AsPlainText -Verbose -Debug } finally { $c.Dispose() }");
            ErrorRecord locked = captured.Where(c => c.Step == "locked store").Select(c => c.Item).OfType<ErrorRecord>().Single();
            Assert.StartsWith("StoreLocked,", locked.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceUnavailable, locked.CategoryInfo.Category);
            Assert.Equal(keysBefore, KeyCount());

            Step("show once",
                "Set-ApiKeyStorePolicy -Reveal Never -Force -PassThru -Verbose -Debug",
                "Get-ApiKey -Account acme -Reveal -AsPlainText -Verbose -Debug",
                "Invoke-ApiKeyRotation -Account acme -Force -AsPlainText -Verbose -Debug");

            // Last, since it locks this user out: a Super Admin who revoked themselves (leaving the store to bob, who has
            // used it) is refused everything.
            CoreSeams.Define(Session);
            InvocationResult bobActed = CoreSeams.AsUser(Session, "bob", "$m.Keys.Create('bobs', 'Standard', $null) | Out-Null");
            Assert.False(bobActed.HadErrors, bobActed.ToString());
            Step("permission denied",
                "Revoke-ApiKeyAdminRole -User (Get-ApiKeyAdminRole | Where-Object User -ne bob).User -Force -Verbose -Debug",
                "Get-ApiKey -Reveal -AsPlainText -Verbose -Debug",
                "New-ApiKey -Account delta -AsPlainText -Verbose -Debug",
                "Invoke-ApiKeyRotation -Account acme -Force -Verbose -Debug",
                "Get-ApiKeyAuditLog -Verbose -Debug",
                "Test-ApiKeyAuditLog -Verbose -Debug");

            // The secrets: those issued as plain text, and those issued as SecureStrings.
            var secrets = new HashSet<string>(StringComparer.Ordinal);
            foreach (object item in captured.Select(c => c.Item))
            {
                object secret = (item as PSObject)?.Properties["Secret"]?.Value;
                if (secret is string plain)
                {
                    secrets.Add(plain);
                }
                else if (secret is SecureString secure)
                {
                    secrets.Add(new NetworkCredential(string.Empty, secure).Password);
                }
            }

            Assert.True(secrets.Count >= 6, $"only {secrets.Count} distinct secrets were captured");
            Assert.True(secrets.All(s => s.Length == 53), "a captured secret is not a key");
            string[] needles = Needles(secrets).ToArray();

            // Every stream: each record's text, the properties of each object but the secret, every exception and inner one.
            var texts = new List<string>();
            foreach ((string step, object item) in captured)
            {
                foreach ((string where, string text) in Texts(item))
                {
                    texts.Add(text);
                    string found = needles.FirstOrDefault(n => text.Contains(n, StringComparison.Ordinal));
                    Assert.True(found == null, $"step '{step}': {where} carries a secret or its hash");
                }
            }

            Assert.Contains(captured, c => c.Item is PSObject p && p.BaseObject is VerboseRecord);
            Assert.Contains(captured, c => c.Item is PSObject p && p.BaseObject is ErrorRecord || c.Item is ErrorRecord);
            foreach (string errorId in new[] { "InvalidAccountName", "InvalidDescription", "ActiveKeyExists", "KeyNotFound", "InvalidGracePeriod",
                "KeyNotActive", "RoleAlreadyAssigned", "InvalidEmail", "RoleNotAssigned", "InvalidTimeRange", "InvalidStore", "StoreNotFound",
                "IntegrityCheckFailed", "StoreLocked", "RevealDisabled", "SuperAdminRequired" })
            {
                Assert.True(Errors().Any(e => e.FullyQualifiedErrorId.StartsWith(errorId + ",", StringComparison.Ordinal)), $"no {errorId} error was forced");
            }

            // The store's files, as the commands left them (pooled connections keep the WAL) and once every connection is closed.
            AssertFilesClean(secrets, "with the WAL");
            Ok("[Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools()");
            AssertFilesClean(secrets, "after the checkpoint");
            // The search saw what it should: key ids from the objects' properties, and the exceptions' messages.
            Assert.True(texts.Count > 200, $"only {texts.Count} texts were checked");
            Assert.Contains(texts, t => t.StartsWith("key_", StringComparison.Ordinal));
            Assert.Contains(texts, t => t.Contains("stayed locked by another writer", StringComparison.Ordinal));

            // The store and its data-protection key are the owner's alone.
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Session.StorePath));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile()));
            }
        }

        // Runs each command on its own, with $Path, $NotAStore and $Missing set, and keeps every record it writes.
        private void Step(string name, params string[] commands)
        {
            foreach (string command in commands)
            {
                // Named apart from Capture's own $Block: the script block finds variables by dynamic scope.
                var arguments = new Hashtable
                {
                    ["Step"] = ScriptBlock.Create("param($Path, $NotAStore, $Missing) " + command),
                    ["Arguments"] = new Hashtable { ["Path"] = Session.StorePath, ["NotAStore"] = notAStore, ["Missing"] = missing },
                };
                InvocationResult result = Session.Invoke("param($Step, $Arguments) Capture { & $Step @Arguments }", arguments);
                output.WriteLine($"{name}: {result.Output.Count} records: " +
                    string.Join(", ", result.Output.Select(o => o.BaseObject is ErrorRecord e ? e.FullyQualifiedErrorId.Split(',')[0] : o.BaseObject.GetType().Name)));
                foreach (PSObject item in result.Output)
                {
                    captured.Add((name, item.BaseObject is ErrorRecord error ? error : (object)item));
                }

                // Anything that bypassed the redirection is checked too.
                captured.AddRange(result.Errors.Select(e => (name, (object)e)));
                captured.AddRange(result.Warnings.Select(w => (name, (object)new PSObject(w))));
                captured.AddRange(result.Verbose.Select(v => (name, (object)new PSObject(v))));
            }
        }

        private IEnumerable<ErrorRecord> Errors() => captured.Select(c => c.Item).OfType<ErrorRecord>();

        // The secrets' random parts, any 16 characters of them, and the hex and base64 forms of the secrets' SHA-256.
        private static IEnumerable<string> Needles(IEnumerable<string> secrets)
        {
            foreach (string secret in secrets)
            {
                string body = secret.Substring(4, 43);
                for (int i = 0; i + 16 <= body.Length; i++)
                {
                    yield return body.Substring(i, 16);
                }

                byte[] hash = SHA256.HashData(Encoding.ASCII.GetBytes(secret));
                yield return Convert.ToHexString(hash);
                yield return Convert.ToHexString(hash).ToLowerInvariant();
                yield return BitConverter.ToString(hash);
                yield return Convert.ToBase64String(hash).TrimEnd('=');
                yield return Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            }
        }

        private static IEnumerable<(string Where, string Text)> Texts(object item)
        {
            if (item is ErrorRecord error)
            {
                yield return ($"error {error.FullyQualifiedErrorId}", error.ToString());
                yield return ("an error's id", error.FullyQualifiedErrorId);
                yield return ("an error's category", error.CategoryInfo.ToString());
                yield return ("an error's target", Convert.ToString(error.TargetObject) ?? string.Empty);
                yield return ("an error's details", error.ErrorDetails?.Message ?? string.Empty);
                yield return ("an error's position", error.InvocationInfo?.PositionMessage ?? string.Empty);
                yield return ("an error's script stack", error.ScriptStackTrace ?? string.Empty);
                for (Exception ex = error.Exception; ex != null; ex = ex.InnerException)
                {
                    yield return ($"{ex.GetType().Name} of {error.FullyQualifiedErrorId}", ex.ToString());
                    yield return ($"{ex.GetType().Name} message of {error.FullyQualifiedErrorId}", ex.Message);
                    // The module's exceptions carry the offending value as Target; this project cannot name their type.
                    yield return ($"{ex.GetType().Name} target of {error.FullyQualifiedErrorId}", Convert.ToString(ex.GetType().GetProperty("Target")?.GetValue(ex)) ?? string.Empty);
                    foreach (DictionaryEntry entry in ex.Data)
                    {
                        yield return ($"{ex.GetType().Name} data of {error.FullyQualifiedErrorId}", $"{entry.Key}={entry.Value}");
                    }
                }

                yield break;
            }

            var wrapped = (PSObject)item;
            switch (wrapped.BaseObject)
            {
                case InformationalRecord record:
                    yield return (record.GetType().Name, record.Message);
                    yield break;
                case InformationRecord information:
                    yield return ("information", Convert.ToString(information.MessageData) ?? string.Empty);
                    yield return ("information tags", string.Join(",", information.Tags));
                    yield break;
            }

            yield return ($"a {wrapped.BaseObject.GetType().Name}", wrapped.BaseObject.ToString());
            foreach (PSPropertyInfo property in wrapped.Properties.Where(p => p.Name != "Secret"))
            {
                object value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueInvocationException)
                {
                    continue;
                }

                yield return ($"{wrapped.BaseObject.GetType().Name}.{property.Name}", Convert.ToString(value) ?? string.Empty);
            }
        }

        private void AssertFilesClean(IReadOnlyCollection<string> secrets, string when)
        {
            string[] files = Directory.GetFiles(Session.TempDirectory, "apikeys.db*").Append(KeyFile()).ToArray();
            Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
            foreach (string file in files)
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(file);
                }
                catch (FileNotFoundException)
                {
                    // The last connection to close deletes the WAL and its index.
                    continue;
                }

                output.WriteLine($"{when}: checked {Path.GetFileName(file)}, {bytes.Length} bytes");
                foreach (string secret in secrets)
                {
                    string body = secret.Substring(4, 43);
                    foreach (byte[] needle in Needles(new[] { secret }).Select(Encoding.ASCII.GetBytes).Append(Encoding.Unicode.GetBytes(body)))
                    {
                        Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(file)} {when} holds a secret or a text form of its hash");
                    }
                }
            }
        }

        private long KeyCount() => Convert.ToInt64(SessionSql.Run(Session, Session.StorePath, "SELECT count(*) FROM keys"));

        private string KeyFile()
        {
            string storeId = (string)SessionSql.Run(Session, Session.StorePath, "SELECT value FROM settings WHERE name = 'store_id'");
            return Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME"), "ApiKeyAdmin", "keys", storeId + ".key");
        }
    }
}
