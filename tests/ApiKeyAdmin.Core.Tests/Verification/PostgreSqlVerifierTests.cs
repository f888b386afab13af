using System;
using System.Diagnostics;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.Verification;
using Npgsql;
using Xunit;

namespace ApiKeyAdmin.Tests.Verification
{
    /// <summary>What a verifier gets from a real PostgreSQL server: announced changes, and a way back after lost connections.</summary>
    public sealed class PostgreSqlVerifierTests : IDisposable
    {
        private readonly LogTestStore store = new LogTestStore(StoreKind.PostgreSql);

        public void Dispose() => store.Dispose();

        [SkippableFact]
        public void A_rotation_committed_elsewhere_is_announced_so_the_old_key_is_refused_long_before_the_next_poll()
        {
            IssuedKey old = store.CreateKey("acme");
            // A poll this slow cannot be what refuses the old key within the wait below.
            KeyVerifier verifier = store.NewVerifier(new KeyVerifierOptions { ChangeCheckInterval = TimeSpan.FromSeconds(30) });
            Assert.True(verifier.Verify(old.Secret).IsValid);
            WaitUntilListening();

            store.NewManager(LogTestStore.Owner).Keys.Rotate("acme", KeyKind.Standard, null, null);
            var sinceCommit = Stopwatch.StartNew();

            Assert.True(LogTestStore.Eventually(() => verifier.Verify(old.Secret).Reason == VerificationReason.Deactivated, TimeSpan.FromSeconds(5)));
            Assert.True(sinceCommit.Elapsed < TimeSpan.FromSeconds(5), $"the rotation was seen after {sinceCommit.Elapsed}");
        }

        [SkippableFact]
        public void A_verifier_whose_connections_are_cut_by_the_server_answers_from_memory_and_then_sees_later_changes()
        {
            IssuedKey old = store.CreateKey("acme");
            string application = "verifier-" + Guid.NewGuid().ToString("N");
            string connection = new NpgsqlConnectionStringBuilder(store.ConnectionString) { ApplicationName = application }.ConnectionString;
            KeyVerifier verifier = store.NewVerifier(
                new KeyVerifierOptions { ChangeCheckInterval = TimeSpan.FromMilliseconds(200) }, new PostgreSqlKeyStore(connection));
            Assert.True(verifier.Verify(old.Secret).IsValid);
            WaitUntilListening();

            long cut = store.Count($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{application}'");
            Assert.True(cut >= 1, "no connection of the verifier was found to cut");
            Assert.True(verifier.Verify(old.Secret).IsValid, "a cut connection made a known key fail at once");

            store.NewManager(LogTestStore.Owner).Keys.Rotate("acme", KeyKind.Standard, null, null);

            Assert.True(LogTestStore.Eventually(() => verifier.Verify(old.Secret).Reason == VerificationReason.Deactivated, TimeSpan.FromSeconds(5)));
            Assert.NotNull(verifier.LastStoreError);
        }

        // The verifier LISTENs from its background thread; a change committed before that is caught by the counter, but
        // the first test is about the announcement.
        private void WaitUntilListening() =>
            Assert.True(LogTestStore.Eventually(
                () => store.Count($"SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN {PostgreSqlKeyStore.ChangeChannel}' AND datname = current_database()") > 0,
                TimeSpan.FromSeconds(5)));
    }
}
