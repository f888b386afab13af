using System;
using System.Threading;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Verification;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>
    /// A <see cref="TestStore"/> for the log, verifier and reminder tests: its clock starts at 2026-03-10 12:00 UTC, the
    /// time those tests' dates are written against, and it adds verifiers, call rows written straight through a store
    /// object, and managers acting as any user by name.
    /// </summary>
    internal sealed class LogTestStore : TestStore
    {
        public LogTestStore(StoreKind kind = StoreKind.Sqlite)
            : base(kind, new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero))
        {
        }

        /// <summary>A store object of its own over the store: its own connections, as another process would have.</summary>
        public IKeyStore NewStore() => Own(NewKeyStore());

        /// <summary>A manager of its own acting as <paramref name="user"/>, over its own store object unless given one.</summary>
        public ApiKeyManager NewManager(string user, IKeyStore store = null) => NewManager(store ?? NewStore(), new TestIdentity(user));

        /// <summary>A verifier on the test clock over its own store object unless given one, on this store's host unless given another.</summary>
        public KeyVerifier NewVerifier(KeyVerifierOptions options = null, IKeyStore store = null, HostStateFolder hostState = null)
        {
            options = options ?? new KeyVerifierOptions();
            options.Clock = Clock;
            return Own(new KeyVerifier(store ?? NewStore(), KeyFolder, options, hostState ?? HostState));
        }

        /// <summary>Makes the account's standard key as the owner and returns its secret.</summary>
        public IssuedKey CreateKey(string account) => Manager.Keys.Create(account, KeyKind.Standard, null);

        /// <summary>Writes call rows straight through a store object, with the timestamps they carry.</summary>
        public void AddCalls(params CallEntry[] calls)
        {
            using (IKeyStore store = NewKeyStore())
            {
                store.AppendCalls(calls);
            }
        }

        /// <summary>A call at <paramref name="at"/>; with an account, its standard key must exist.</summary>
        public static CallEntry Call(DateTimeOffset at, string account = null, string keyId = null, CallOutcome outcome = CallOutcome.Allowed, string path = "/", string method = "GET") =>
            new CallEntry
            {
                Timestamp = at,
                Account = account,
                KeyId = keyId,
                Kind = account == null ? (KeyKind?)null : KeyKind.Standard,
                Method = method,
                Path = path,
                ClientAddress = "203.0.113.7",
                Outcome = outcome,
                Reason = outcome == CallOutcome.Allowed ? VerificationReason.Valid : account == null ? VerificationReason.Unknown : VerificationReason.Deactivated,
            };

        /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
        public static bool Eventually(Func<bool> condition, TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                Thread.Sleep(10);
            }

            return true;
        }
    }
}
