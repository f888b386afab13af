using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ApiKeyAdmin.Storage.Sqlite;
using ApiKeyAdmin.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// Runbooks rotating one account from separate processes while services verify its keys: the store's locking and
    /// busy handling, not a lock in this process, must keep every rotation whole and every answer right.
    /// </summary>
    public sealed class ConcurrentProcessTests : IDisposable
    {
        private const int Rotators = 8;
        private const int RotationsEach = 25;
        private const int Verifiers = 2;
        private const int GraceSeconds = 3600;
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

        private readonly TestStore store = new TestStore();
        private readonly ITestOutputHelper output;

        public ConcurrentProcessTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public void Dispose() => store.Dispose();

        [Fact]
        public void Eight_processes_rotating_one_account_while_two_verify_leave_one_Active_key_and_refuse_no_key_in_its_grace()
        {
            // The children use the real clock; so does this side, so that grace ends agree.
            store.Clock.UtcNow = DateTimeOffset.UtcNow;
            string first = store.Manager.Keys.Create("acme", KeyKind.Standard, "stress").Key.KeyId;
            store.CloseAll();
            string publish = Path.Combine(store.Folder, "published");
            string stop = Path.Combine(store.Folder, "stop");
            Directory.CreateDirectory(publish);

            var rotators = new List<StressChild>();
            var verifiers = new List<StressChild>();
            try
            {
                for (int i = 0; i < Rotators; i++)
                {
                    rotators.Add(StressChild.Start("rotate", store.StorePath, store.KeyFolder.Folder, "acme", RotationsEach.ToString(),
                        GraceSeconds.ToString(), Path.Combine(publish, $"rotator-{i}.keys")));
                }

                for (int i = 0; i < Verifiers; i++)
                {
                    verifiers.Add(StressChild.Start("verify", store.StorePath, store.KeyFolder.Folder, publish, stop, Report(i)));
                }

                // Everyone is set up before anyone starts, so that the rotations really overlap.
                foreach (StressChild child in rotators.Concat(verifiers))
                {
                    child.Expect("ready", Patience);
                }

                foreach (StressChild child in rotators.Concat(verifiers))
                {
                    child.Send("go");
                }

                foreach (StressChild rotator in rotators)
                {
                    string done = rotator.Expect("ok", Patience);
                    Assert.True(rotator.WaitForExit(Patience) == 0, $"rotator {rotator.Id}: {string.Join(" | ", rotator.Lines)} {rotator.Errors}");
                    Assert.Equal($"ok rotated={RotationsEach}", done);
                    AssertQuiet(rotator);
                }

                File.WriteAllText(stop, string.Empty);
                foreach (StressChild verifier in verifiers)
                {
                    string done = verifier.Expect("ok", Patience);
                    Assert.True(verifier.WaitForExit(Patience) == 0, $"verifier {verifier.Id}: {string.Join(" | ", verifier.Lines)} {verifier.Errors}");
                    Assert.EndsWith("calllog-error=none", done);
                    AssertQuiet(verifier);
                }
            }
            finally
            {
                foreach (StressChild child in rotators.Concat(verifiers))
                {
                    child.Dispose();
                }
            }

            // The key table: one Active key, the grace key before it, and every other key deactivated.
            Dictionary<string, string> published = Published(publish);
            Assert.Equal(Rotators * RotationsEach, published.Count);
            List<ApiKey> keys = store.KeysOf("acme");
            Assert.Equal(Rotators * RotationsEach + 1, keys.Count);
            ApiKey active = Assert.Single(keys, k => k.Status == KeyStatus.Active);
            Assert.Contains(active.KeyId, published.Keys);
            Assert.Single(keys, k => k.Status == KeyStatus.Expiring);
            Assert.Equal(KeyStatus.Deactivated, keys.Single(k => k.KeyId == first).Status);

            // The audit log: a Rotated row per rotation and a chain that verifies.
            List<AuditEntry> audit = store.Audit();
            Assert.Equal(Rotators * RotationsEach, audit.Count(a => a.Action == AuditAction.Rotated));
            AuditVerification chain = store.Verify();
            Assert.True(chain.IsValid, chain.Reason);

            // Every answer: a published key is never Unknown, and a refusal comes only once the key's end is committed.
            Dictionary<string, long> endedAt = audit.Where(a => a.Action == AuditAction.Deactivated)
                .ToDictionary(a => a.KeyId, a => a.Sequence);
            long lastRow = audit.Max(a => a.Sequence);
            var answers = Enumerable.Range(0, Verifiers).SelectMany(i => File.ReadAllLines(Report(i))).Select(Answer.Parse).ToList();
            Assert.NotEmpty(answers);
            Assert.True(answers.Any(a => a.HeadAfter < lastRow), "no verification ran while the rotations did");
            foreach (Answer answer in answers)
            {
                if (answer.Reason == VerificationReason.Valid)
                {
                    Assert.Equal(answer.KeyId, answer.ResultKeyId);
                    continue;
                }

                Assert.True(answer.Reason == VerificationReason.Deactivated, $"{answer.KeyId} was answered {answer.Reason}");
                Assert.True(endedAt.TryGetValue(answer.KeyId, out long ended) && answer.HeadAfter >= ended,
                    $"{answer.KeyId} was refused while inside its grace period (audit head {answer.HeadAfter}, key ended at row " +
                    $"{(endedAt.ContainsKey(answer.KeyId) ? endedAt[answer.KeyId].ToString() : "never")})");
            }

            output.WriteLine($"{answers.Count} verifications: {answers.Count(a => a.Reason == VerificationReason.Valid)} valid, " +
                $"{answers.Count(a => a.Reason != VerificationReason.Valid)} refused after their key had ended, " +
                $"{answers.Count(a => a.HeadAfter < lastRow)} while rotations ran.");

            // Every verification reached the call log: no batch was lost to a busy store.
            Assert.Equal(answers.Count, store.Count("SELECT count(*) FROM calls"));

            // At rest, exactly the Active key and its grace predecessor verify.
            using (var verifier = new KeyVerifier(new SqliteKeyStore(store.StorePath, TestStore.Options()), store.KeyFolder, new KeyVerifierOptions { BatchCalls = false }))
            {
                var valid = published.Where(p => verifier.Verify(p.Value).IsValid).Select(p => p.Key).OrderBy(id => id, StringComparer.Ordinal).ToList();
                Assert.Equal(keys.Where(k => k.Status != KeyStatus.Deactivated).Select(k => k.KeyId).OrderBy(id => id, StringComparer.Ordinal), valid);
            }
        }

        private static void AssertQuiet(StressChild child)
        {
            string[] errors = child.Lines.Where(l => l.StartsWith("error", StringComparison.Ordinal)).ToArray();
            Assert.True(errors.Length == 0, $"child {child.Id} reported: {string.Join(" | ", errors)}");
            Assert.True(string.IsNullOrWhiteSpace(child.Errors), $"child {child.Id} wrote to stderr: {child.Errors}");
        }

        // Key id to secret, from every rotator's publish file.
        private static Dictionary<string, string> Published(string folder) =>
            Directory.GetFiles(folder, "*.keys").SelectMany(File.ReadAllLines).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);

        private string Report(int verifier) => Path.Combine(store.Folder, $"verifier-{verifier}.report");

        private sealed class Answer
        {
            internal string KeyId { get; private set; }

            internal VerificationReason Reason { get; private set; }

            internal string ResultKeyId { get; private set; }

            internal long HeadAfter { get; private set; }

            internal static Answer Parse(string line)
            {
                string[] parts = line.Split(' ');
                return new Answer
                {
                    KeyId = parts[0],
                    Reason = Enum.Parse<VerificationReason>(parts[1]),
                    ResultKeyId = parts[2],
                    HeadAfter = long.Parse(parts[3]),
                };
            }
        }
    }
}
