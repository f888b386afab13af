using System;
using ApiKeyAdmin.HostState;
using ApiKeyAdmin.Identity;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The one entry point to the rules, a property per capability: keys, roles, policy, sunset, logs, reminders, the
    /// audit check, store copy and completion. Every capability works through one store session that alone
    /// authorises, opens the transaction and appends the audit row, so an operation happens whole or not at all.
    /// </summary>
    public sealed class ApiKeyManager : IDisposable
    {
        private readonly StoreSession session;

        /// <summary>
        /// A manager over <paramref name="store"/>, acting as the user <paramref name="identity"/> names; <paramref name="hostState"/>
        /// (default: the OS user's) remembers the audit head this host has seen.
        /// </summary>
        public ApiKeyManager(IKeyStore store, IIdentityProvider identity, ProtectionKeyFolder keyFolder, IClock clock = null, HostStateFolder hostState = null)
        {
            session = new StoreSession(store, identity, keyFolder, hostState ?? HostStateFolder.ForCurrentUser(), clock);
            Keys = new KeyLifecycle(session);
            Roles = new RoleAssignments(session);
            Policy = new StorePolicyEditor(session);
            Sunset = new SunsetReports(session);
            Logs = new LogReader(session);
            Reminders = new ReminderReader(session);
            ReminderMail = new ReminderMailer(session, Reminders);
            Audit = new AuditCheck(session);
            Copy = new StoreCopier(session, Audit);
            Backup = new StoreBackups(session);
            Completion = new CompletionSource(session);
            Access = new StoreAccessAdmin(session);
        }

        /// <summary>Which database logins may verify against or administer a shared store.</summary>
        public StoreAccessAdmin Access { get; }

        /// <summary>How many rows long operations process between progress reports.</summary>
        public const int ProgressInterval = 10_000;

        /// <summary>How long the call log keeps calls.</summary>
        public static TimeSpan CallRetention { get; } = TimeSpan.FromDays(7);

        /// <summary>Where the store is.</summary>
        public string Location => session.Store.Location;

        /// <summary>The acting user.</summary>
        public string Actor => session.Actor;

        /// <summary>True when the store exists and has been set up; never creates it.</summary>
        public bool StoreExists => session.Exists;

        /// <summary>Keys: generation, listing, reveal, rotation and deactivation.</summary>
        public KeyLifecycle Keys { get; }

        /// <summary>Role assignments: grant, revoke and list.</summary>
        public RoleAssignments Roles { get; }

        /// <summary>The store-wide settings.</summary>
        public StorePolicyEditor Policy { get; }

        /// <summary>The sunset banner and the migration report.</summary>
        public SunsetReports Sunset { get; }

        /// <summary>The audit and call logs.</summary>
        public LogReader Logs { get; }

        /// <summary>The rotation reminders due.</summary>
        public ReminderReader Reminders { get; }

        /// <summary>Rotation reminders by mail, each step once per recipient.</summary>
        public ReminderMailer ReminderMail { get; }

        /// <summary>The audit chain's check.</summary>
        public AuditCheck Audit { get; }

        /// <summary>The copy of this store into a new one.</summary>
        public StoreCopier Copy { get; }

        /// <summary>Backups of the store.</summary>
        public StoreBackups Backup { get; }

        /// <summary>Values for tab completion.</summary>
        public CompletionSource Completion { get; }

        /// <summary>Throws StoreNotFound unless the store exists.</summary>
        public void RequireStore() => session.Require();

        /// <inheritdoc/>
        public void Dispose() => session.Dispose();
    }
}
