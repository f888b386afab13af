using System;
using System.IO;
using System.Linq;
using System.Threading;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Exporting the logs: what a stop leaves in the file, and that a refused export makes none; run against each store.</summary>
    public abstract class LogExportTests : ManagerTestBase
    {
        protected LogExportTests(StoreKind kind)
            : base(kind)
        {
        }

        [SkippableFact]
        public void A_stop_while_exporting_leaves_whole_rows_only()
        {
            ApiKey acme = Manager.Keys.Create("acme", KeyKind.Standard, null).Key;
            DateTimeOffset now = Clock.UtcNow;
            var calls = Enumerable.Range(1, ApiKeyManager.ProgressInterval + 500).Select(i => new CallEntry
            {
                Timestamp = now.AddMilliseconds(-i),
                Account = acme.Account,
                KeyId = acme.KeyId,
                Kind = acme.Kind,
                Method = "GET",
                Path = "/v1/\"quoted\",\npath/" + i,
                ClientAddress = "203.0.113.7",
                Outcome = CallOutcome.Allowed,
                Reason = VerificationReason.Valid,
                StatusCode = 200,
                DurationMs = i / 4.0,
            }).ToList();
            using (IKeyStore keyStore = Store.NewKeyStore())
            {
                keyStore.AppendCalls(calls);
            }

            foreach (LogExportFormat format in new[] { LogExportFormat.Csv, LogExportFormat.JsonLines })
            {
                string path = Path.Combine(Store.Folder, "calls." + format);
                // As PowerShell does when Ctrl+C lands in Write-Progress: the next call into the pipeline throws.
                var options = new LogExportOptions { Path = path, Format = format, Progress = rows => throw new OperationCanceledException() };

                Assert.Throws<OperationCanceledException>(() => Manager.Logs.ExportCalls(new CallFilter(), options, CancellationToken.None));

                string text = File.ReadAllText(path);
                Assert.Equal(ApiKeyManager.ProgressInterval, text.Split("203.0.113.7").Length - 1);
                Assert.EndsWith(format == LogExportFormat.Csv ? ",200,2500," + Environment.NewLine : "\"KeyFingerprint\":\"\"}\n", text);
            }
        }

        [SkippableFact]
        public void A_refused_export_makes_no_file()
        {
            Manager.Keys.Create("acme", KeyKind.Standard, null);
            string path = Path.Combine(Store.Folder, "audit.csv");

            Assert.Throws<PermissionDeniedException>(() =>
                Store.NewManager(new TestIdentity("mallory")).Logs.ExportAudit(new AuditFilter(), new LogExportOptions { Path = path }, CancellationToken.None));
            Assert.False(File.Exists(path));
        }
    }

    public sealed class SqliteLogExportTests : LogExportTests
    {
        public SqliteLogExportTests()
            : base(StoreKind.Sqlite)
        {
        }
    }

    public sealed class PostgreSqlLogExportTests : LogExportTests
    {
        public PostgreSqlLogExportTests()
            : base(StoreKind.PostgreSql)
        {
        }
    }
}
