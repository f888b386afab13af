using System;
using System.Linq;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin
{
    /// <summary>The errors the core raises, each built in one place so that ErrorIds and messages stay consistent.</summary>
    internal static class Fail
    {
        internal static ApiKeyAdminException InvalidAccountName(string account, string why) =>
            new ApiKeyAdminException("InvalidAccountName", ErrorKind.InvalidArgument, account, $"The account name is not valid: {why}.");

        internal static ApiKeyAdminException InvalidGracePeriod(TimeSpan grace) =>
            new ApiKeyAdminException("InvalidGracePeriod", ErrorKind.InvalidArgument, grace,
                $"The grace period {grace} is not allowed: it must be none, or from {KeyPolicy.MinGracePeriod.TotalMinutes:0} minute to {KeyPolicy.MaxGracePeriod.TotalDays:0} days. " +
                "A bare number is read as ticks: write '2.00:00:00' or (New-TimeSpan -Days 2).");

        internal static ApiKeyAdminException InvalidDescription(string why) =>
            new ApiKeyAdminException("InvalidDescription", ErrorKind.InvalidArgument, null, $"The description is not valid: {why}.");

        internal static ApiKeyAdminException InvalidUserName(string user, string why) =>
            new ApiKeyAdminException("InvalidUserName", ErrorKind.InvalidArgument, user, $"The user name is not valid: {why}.");

        internal static ApiKeyAdminException InvalidEmail(string email) =>
            new ApiKeyAdminException("InvalidEmail", ErrorKind.InvalidArgument, email, $"'{Shown(email)}' is not an e-mail address.");

        internal static ApiKeyAdminException InvalidWindow(TimeSpan window) =>
            new ApiKeyAdminException("InvalidWindow", ErrorKind.InvalidArgument, window,
                $"The reminder window {window} is not allowed: it must be longer than zero. Use -All for every step already due.");

        internal static ApiKeyAdminException InvalidRole(string role) =>
            new ApiKeyAdminException("InvalidRole", ErrorKind.InvalidArgument, role,
                $"'{Shown(role)}' is not a role. Known roles: {string.Join(", ", Roles.All)}.");

        internal static ApiKeyAdminException ActiveKeyExists(string account, KeyKind kind, string appName, string keyId) =>
            new ApiKeyAdminException("ActiveKeyExists", ErrorKind.ResourceExists, account,
                $"Account '{account}' already has an active {KindText(kind, appName)} ({keyId}); an account has one at a time. " +
                $"To replace it, use Invoke-ApiKeyRotation -Account '{account}' -Kind {kind}{AppArgument(appName)}.");

        internal static ApiKeyAdminException InvalidAppName(string appName, string why) =>
            new ApiKeyAdminException("InvalidAppName", ErrorKind.InvalidArgument, appName, $"The app name is not valid: {why}.");

        internal static ApiKeyAdminException InvalidScope(string scope) =>
            new ApiKeyAdminException("InvalidScope", ErrorKind.InvalidArgument, scope,
                $"'{Shown(scope)}' is not a scope name: scopes are lowercase dotted words of letters, digits and underscores, such as crm.objects.contacts.read.");

        internal static ApiKeyAdminException AppNameRequired() =>
            new ApiKeyAdminException("AppNameRequired", ErrorKind.InvalidArgument, null,
                "An app token is picked by its app name: add -AppName (and, to make one, -Scope).");

        internal static ApiKeyAdminException ScopeRequired(string appName) =>
            new ApiKeyAdminException("ScopeRequired", ErrorKind.InvalidArgument, appName,
                $"An app token needs at least one scope: add -Scope, such as -Scope crm.objects.contacts.read, for app '{appName}'.");

        internal static ApiKeyAdminException AppNameNotAllowed(KeyKind kind, string appName) =>
            new ApiKeyAdminException("AppNameNotAllowed", ErrorKind.InvalidArgument, appName,
                $"A {kind} key has no app name or scopes; they belong to app tokens (-Kind AppToken).");

        internal static ApiKeyAdminException ScopeNotAllowed(KeyKind kind) =>
            new ApiKeyAdminException("ScopeNotAllowed", ErrorKind.InvalidArgument, kind,
                $"A {kind} key holds every scope and takes no -Scope; scopes belong to app tokens (-Kind AppToken -AppName <app>).");

        internal static ApiKeyAdminException NewKeysClosed(string account, DateTimeOffset until) =>
            new ApiKeyAdminException("NewKeysClosed", ErrorKind.InvalidOperation, account,
                $"Since {StoreSettings.Show(until)} standard API keys are issued only to accounts that had one; account '{account}' never did. " +
                $"Issue an app token instead: New-ApiKey -Account '{account}' -Kind AppToken -AppName <app> -Scope <scope>.");

        internal static ApiKeyAdminException NoPolicySetting() =>
            new ApiKeyAdminException("NoPolicySetting", ErrorKind.InvalidArgument, null,
                "Name at least one setting to change: -Reveal, -NewKeysUntil or -SunsetAt.");

        internal static ApiKeyAdminException InvalidPathPattern(string pattern, string why) =>
            new ApiKeyAdminException("InvalidPathPattern", ErrorKind.InvalidArgument, pattern, $"The path pattern '{Shown(pattern)}' is not a valid wildcard: {why}.");

        internal static ApiKeyAdminException InvalidTimeRange(DateTimeOffset since, DateTimeOffset until) =>
            new ApiKeyAdminException("InvalidTimeRange", ErrorKind.InvalidArgument, since,
                $"-Since ({since}) is after -Until ({until}); nothing matches.", stopsCommand: true);

        internal static ApiKeyNotFoundException KeyNotFound(string keyId) =>
            new ApiKeyNotFoundException(keyId, $"No key with id '{Shown(keyId)}' exists in the store.");

        internal static ApiKeyNotFoundException NoActiveKey(string account, KeyKind kind, string appName = null) =>
            new ApiKeyNotFoundException(account, $"Account '{Shown(account)}' has no active {KindText(kind, appName)}. Use New-ApiKey to generate one.");

        internal static ApiKeyNotFoundException NoKeys(string account) =>
            new ApiKeyNotFoundException(account, $"Account '{Shown(account)}' has no key that verifies. Use New-ApiKey to generate one, or -IncludeInactive to list deactivated keys.");

        internal static ApiKeyAdminException KeyNotActive(string keyId, KeyStatus status) =>
            new ApiKeyAdminException("KeyNotActive", ErrorKind.InvalidOperation, keyId,
                $"Key '{keyId}' is {status}; only an active key can be rotated, and a deactivated key cannot be deactivated again.");

        internal static ApiKeyAdminException RoleAlreadyAssigned(string user, string role) =>
            new ApiKeyAdminException("RoleAlreadyAssigned", ErrorKind.ResourceExists, user, $"User '{Shown(user)}' already holds the {role} role.");

        internal static ApiKeyAdminException RoleNotAssigned(string user, string role) =>
            new ApiKeyAdminException("RoleNotAssigned", ErrorKind.ObjectNotFound, user, $"User '{Shown(user)}' does not hold the {role} role.");

        internal static ApiKeyAdminException LastSuperAdmin(string user) =>
            new ApiKeyAdminException("LastSuperAdmin", ErrorKind.InvalidOperation, user,
                $"User '{user}' is the store's last Super Admin; grant the role to someone else before revoking it.");

        internal static ApiKeyAdminException LastActingSuperAdmin(string user, System.Collections.Generic.IEnumerable<string> idle) =>
            new ApiKeyAdminException("LastSuperAdmin", ErrorKind.InvalidOperation, user,
                $"User '{user}' is the store's last Super Admin who has used it: {string.Join(", ", idle.Select(u => $"'{u}'"))} never acted on the store, " +
                "and a name granted by mistake would leave nobody in charge. Let another Super Admin run a command on the store first.");

        internal static ApiKeyAdminException RevealDisabled(string keyId) =>
            new ApiKeyAdminException("RevealDisabled", ErrorKind.InvalidOperation, keyId,
                "The store's policy is Reveal = Never: secrets are shown once, when made, and cannot be shown again. Rotate the key for a new one.");

        internal static ApiKeyAdminException SecretNotKept(string keyId) =>
            new ApiKeyAdminException("SecretNotKept", ErrorKind.ObjectNotFound, keyId,
                $"The store keeps no copy of key '{keyId}''s secret (it was made while secrets were shown once); rotate the key for a new one.");

        internal static ApiKeyAdminException StoreNotFound(string location) =>
            new ApiKeyAdminException("StoreNotFound", ErrorKind.ObjectNotFound, location,
                $"No store exists at '{Shown(location)}'. New-ApiKey or Grant-ApiKeyAdminRole creates one.", stopsCommand: true);

        internal static ApiKeyAdminException InvalidStorePath(string path, string why) =>
            new ApiKeyAdminException("InvalidStorePath", ErrorKind.InvalidArgument, path, $"The store path '{Shown(path)}' is not usable: {why}.", stopsCommand: true);

        internal static ApiKeyAdminException ConflictingStoreParameters(string path) =>
            new ApiKeyAdminException("ConflictingStoreParameters", ErrorKind.InvalidArgument, path,
                "-StorePath names a SQLite store and -ConnectionString a PostgreSQL one; give one of them.", stopsCommand: true);

        internal static ApiKeyAdminException ConflictingStoreEnvironment() =>
            new ApiKeyAdminException("ConflictingStoreEnvironment", ErrorKind.InvalidArgument, StoreLocation.EnvironmentVariable,
                $"Both ${StoreLocation.ConnectionEnvironmentVariable} (PostgreSQL) and ${StoreLocation.EnvironmentVariable} (SQLite) are set; clear one, " +
                "or name the store with -ConnectionString or -StorePath.", stopsCommand: true);

        internal static ApiKeyAdminException InvalidConnectionString(string why, Exception inner) =>
            new ApiKeyAdminException("InvalidConnectionString", ErrorKind.InvalidArgument, null,
                $"The PostgreSQL connection string is not usable: {why}.", inner, stopsCommand: true);

        internal static ApiKeyAdminException PostgreSqlRequiresPowerShell7() =>
            new ApiKeyAdminException("PostgreSqlRequiresPowerShell7", ErrorKind.InvalidOperation, null,
                "A PostgreSQL store needs PowerShell 7.4 or later (Npgsql does not run on Windows PowerShell's .NET Framework). " +
                "Use pwsh, or -StorePath for a SQLite store.", stopsCommand: true);

        internal static ApiKeyAdminException PostgreSqlStoreMissing(string path) =>
            new ApiKeyAdminException("PostgreSqlStoreMissing", ErrorKind.OpenError, path,
                $"The module has no PostgreSQL store: '{path}' does not exist. Reinstall the module.", stopsCommand: true);

        internal static ApiKeyAdminException StoreNotWritable(string location, Exception inner) =>
            new ApiKeyAdminException("StoreNotWritable", ErrorKind.WriteError, location,
                $"The store '{location}' cannot be written: the file or its folder is read-only or not yours.", inner, stopsCommand: true);

        internal static ApiKeyAdminException StoreUnreadable(string location, Exception inner) =>
            new ApiKeyAdminException("StoreUnreadable", ErrorKind.OpenError, location,
                $"The store '{location}' cannot be opened: {inner.Message}", inner, stopsCommand: true);

        internal static ApiKeyAdminException InvalidStore(string location, Exception inner) =>
            new ApiKeyAdminException("InvalidStore", ErrorKind.InvalidData, location,
                $"'{location}' is not an ApiKeyAdmin store, or it is damaged (not a SQLite database, truncated or corrupt). It was left as it is.", inner, stopsCommand: true);

        internal static ApiKeyAdminException StoreFull(string location, Exception inner) =>
            new ApiKeyAdminException("StoreFull", ErrorKind.WriteError, location,
                $"The store '{location}' is full (no space left on the disk or the database's size limit reached); nothing was changed.", inner, stopsCommand: true);

        internal static ApiKeyAdminException StoreVersionTooNew(string location, int found, int supported) =>
            new ApiKeyAdminException("StoreVersionTooNew", ErrorKind.InvalidData, location,
                $"The store '{location}' has schema version {found}, written by a newer ApiKeyAdmin; this version understands up to {supported}. Update the module; the store was left as it is.", stopsCommand: true);

        internal static ApiKeyAdminException ProtectionKeyMissing(string location, string keyPath) =>
            new ApiKeyAdminException("ProtectionKeyMissing", ErrorKind.SecurityError, keyPath,
                $"The data-protection key of store '{location}' was not found at '{keyPath}'. It is made with the store and belongs to the store's owner; copy it there from the owner's machine.", stopsCommand: true);

        internal static ApiKeyAdminException ProtectionKeyInsecure(string keyPath) =>
            new ApiKeyAdminException("ProtectionKeyInsecure", ErrorKind.SecurityError, keyPath,
                $"The data-protection key file '{keyPath}' can be read or written by other users; it was refused. Make it private to its owner (chmod 600).", stopsCommand: true);

        internal static ApiKeyAdminException ProtectionKeyInvalid(string keyPath, Exception inner) =>
            new ApiKeyAdminException("ProtectionKeyInvalid", ErrorKind.InvalidData, keyPath,
                $"The data-protection key file '{keyPath}' is damaged or belongs to another user.", inner, stopsCommand: true);

        internal static ApiKeyAdminException SourceAuditInvalid(string location, string reason) =>
            new ApiKeyAdminException("SourceAuditInvalid", ErrorKind.InvalidData, location,
                $"The store '{location}' was not copied: its audit chain does not verify ({reason}) Run Test-ApiKeyAuditLog on it and restore it from a backup first.", stopsCommand: true);

        internal static ApiKeyAdminException TargetStoreExists(string location) =>
            new ApiKeyAdminException("TargetStoreExists", ErrorKind.ResourceExists, location,
                $"The store '{location}' already exists; a copy goes only into a new store. Name another schema or database.");

        internal static ApiKeyAdminException StoreRolledBack(string location, long seenSequence, long storeSequence) =>
            new ApiKeyAdminException("StoreRolledBack", ErrorKind.InvalidData, location,
                $"The audit chain of store '{location}' went back: this host has seen row {seenSequence}, but the store's chain " +
                (storeSequence < seenSequence ? $"ends at row {storeSequence}" : $"holds another row {seenSequence}") +
                ". Rows were cut off its end, or it was restored from an older copy. Nothing was done. If it was restored on purpose, " +
                "a Super Admin accepts its current head on this host with Test-ApiKeyAuditLog -AcceptRollback.", stopsCommand: true);

        internal static ApiKeyAdminException InvalidCheckpoint(string path, string why, Exception inner = null) =>
            new ApiKeyAdminException("InvalidCheckpoint", ErrorKind.InvalidData, path,
                $"'{path}' is not a checkpoint of this store: {why}.", inner, stopsCommand: true);

        private static string KindText(KeyKind kind, string appName) =>
            string.IsNullOrEmpty(appName) ? $"{kind} key" : $"{kind} for app '{Shown(appName)}'";

        private static string AppArgument(string appName) =>
            string.IsNullOrEmpty(appName) ? string.Empty : $" -AppName '{appName.Replace("'", "''")}'";

        internal static ApiKeyAdminException IntegrityCheckFailed(string keyId) =>
            new ApiKeyAdminException("IntegrityCheckFailed", ErrorKind.InvalidData, keyId,
                $"Key '{keyId}' fails its integrity check: its row was changed outside ApiKeyAdmin. Run Test-ApiKeyAuditLog and restore the store from a backup.");

        internal static ApiKeyAdminException SettingsIntegrityFailed(string location) =>
            new ApiKeyAdminException("IntegrityCheckFailed", ErrorKind.InvalidData, location,
                $"The settings of store '{location}' fail their integrity check: a setting was changed outside ApiKeyAdmin. Run Test-ApiKeyAuditLog and put the value back from the audit log or a backup.", stopsCommand: true);

        internal static ApiKeyAdminException SigningKeyInvalid() =>
            new ApiKeyAdminException("IntegrityCheckFailed", ErrorKind.InvalidData, null,
                "The store's signing key was changed outside ApiKeyAdmin, or was not made under this host's data-protection key. Restore the store from a backup.", stopsCommand: true);

        internal static ApiKeyAdminException SigningKeyChanged(string location, string pinPath) =>
            new ApiKeyAdminException("SigningKeyChanged", ErrorKind.SecurityError, location,
                $"Store '{location}' shows another signing key than the one this host pinned in '{pinPath}' on first use: someone may have replaced it. If the store was deliberately re-created or copied to this location, delete that file to trust the new key.", stopsCommand: true);

        internal static ApiKeyAdminException SigningKeyPinInsecure(string pinPath) =>
            new ApiKeyAdminException("SigningKeyPinInsecure", ErrorKind.SecurityError, pinPath,
                $"The signing-key pin '{pinPath}' can be read or written by other users; it was refused. Make it private to its owner (chmod 600).", stopsCommand: true);

        internal static ApiKeyAdminException NotSupportedForStore(string location, string what) =>
            new ApiKeyAdminException("NotSupportedForStore", ErrorKind.InvalidOperation, location,
                $"Store '{location}' keeps its access in its file's permissions, not in database logins: {what} works on a PostgreSQL store only.", stopsCommand: true);

        internal static ApiKeyAdminException StoreOwnerRequired(string login, string owner, string why) =>
            new ApiKeyAdminException("StoreOwnerRequired", ErrorKind.PermissionDenied, login,
                $"Login '{login}' does not own the store's objects, and only their owner may {why}. Run the command as the owner's login '{owner}'.", stopsCommand: true);

        internal static ApiKeyAdminException StoreAccessDenied(string login, string owner, string location) =>
            new ApiKeyAdminException("StoreAccessDenied", ErrorKind.PermissionDenied, login,
                $"Login '{login}' has no access to store '{location}'. A Super Admin gives it with Grant-ApiKeyStoreAccess -Login '{login}' -Access Verify|Administer, run as the store owner's login '{owner}'.", stopsCommand: true);

        internal static ApiKeyAdminException LoginNotFound(string login) =>
            new ApiKeyAdminException("LoginNotFound", ErrorKind.ObjectNotFound, login,
                $"'{login}' is not a login of this database. A DBA makes it first: CREATE ROLE \"{login}\" LOGIN PASSWORD '...'.");

        internal static ApiKeyAdminException LoginIsStoreOwner(string login) =>
            new ApiKeyAdminException("LoginIsStoreOwner", ErrorKind.InvalidOperation, login,
                $"Login '{login}' owns the store's objects: it holds every privilege on them, which cannot be granted or revoked.");

        internal static ApiKeyAdminException StoreAccessNotGranted(string login) =>
            new ApiKeyAdminException("StoreAccessNotGranted", ErrorKind.ObjectNotFound, login,
                $"Login '{login}' has no access to the store that Grant-ApiKeyStoreAccess gave.");

        internal static ApiKeyAdminException ConfirmationRequired(string target, string action, Exception inner) =>
            new ApiKeyAdminException("ConfirmationRequired", ErrorKind.InvalidOperation, target,
                $"'{action}' on {target} needs confirmation, and this session cannot ask for it ({inner.Message}). Nothing was changed. " +
                "Give consent with -Force or -Confirm:$false.", inner, stopsCommand: true);

        internal static ApiKeyAdminException StoreFolderClosed(string location, Exception inner) =>
            new ApiKeyAdminException("StoreUnreadable", ErrorKind.PermissionDenied, location,
                $"The store '{location}' cannot be reached: a folder on its path may not be entered by this user. Run as the store's owner, or name a store of your own.", inner, stopsCommand: true);

        internal static ApiKeyAdminException StoreInsecure(string location) =>
            new ApiKeyAdminException("StoreInsecure", ErrorKind.SecurityError, location,
                $"The store file '{location}' can be read or written by other users; it was refused. Make it private to its owner (chmod 600).", stopsCommand: true);

        internal static ApiKeyAdminException NotStoreOwner(string user, string location) =>
            new ApiKeyAdminException("NotStoreOwner", ErrorKind.PermissionDenied, user,
                $"'{user}' does not own the store '{location}', so it cannot recover Super Admin access to it. Recovery is for the store's owner: " +
                "the OS account that owns the store file, or on PostgreSQL the login that owns the store's schema. Run the command as that account.", stopsCommand: true);

        internal static ApiKeyAdminException UseDatabaseBackup(string location) =>
            new ApiKeyAdminException("UseDatabaseBackup", ErrorKind.InvalidOperation, location,
                $"Store '{location}' lives in PostgreSQL, whose backups are the server's: back up its schema with pg_dump (see docs/postgresql.md, \"Backup and restore\").", stopsCommand: true);

        internal static ApiKeyAdminException BackupDestinationExists(string destination) =>
            new ApiKeyAdminException("BackupDestinationExists", ErrorKind.ResourceExists, destination,
                $"'{destination}' already exists; nothing was written. Name a new file, or add -Force to replace it.", stopsCommand: true);

        internal static ApiKeyAdminException InvalidBackupDestination(string destination, string why) =>
            new ApiKeyAdminException("InvalidBackupDestination", ErrorKind.InvalidArgument, destination,
                $"A backup cannot be written to '{destination}': {why}. Name a file.", stopsCommand: true);

        internal static ApiKeyAdminException BackupNotWritable(string destination, Exception inner) =>
            new ApiKeyAdminException("BackupNotWritable", ErrorKind.WriteError, destination,
                $"The backup '{destination}' could not be written: {inner.Message} Nothing was left there.", inner, stopsCommand: true);

        internal static ApiKeyAdminException ProtectionKeyNotThisStores(string keyPath) =>
            new ApiKeyAdminException("ProtectionKeyInvalid", ErrorKind.InvalidData, keyPath,
                $"The data-protection key file '{keyPath}' does not belong to this store: it has the store's name but other bytes (a wrong backup restored?). Nothing was done. Put back the store's own key file.", stopsCommand: true);

        internal static ApiKeyAdminException SecretInWrongParameter(string parameter) =>
            new ApiKeyAdminException("SecretInWrongParameter", ErrorKind.InvalidArgument, parameter,
                $"The value given for {parameter} is an API key secret. Nothing was read, stored or shown; a secret goes only into -Key. " +
                "If it was pasted by mistake, treat it as seen (it may be in your history): rotate the key.");

        internal static ApiKeyAdminException InvalidKeyId(string keyId) =>
            new ApiKeyAdminException("InvalidKeyId", ErrorKind.InvalidArgument, Shown(keyId),
                $"'{Shown(keyId)}' is not a key id: key ids are '{KeyFormat.KeyIdPrefix}' and {KeyFormat.KeyIdRandomLength} letters and digits, as Get-ApiKey shows them.");

        internal static ApiKeyAdminException ReminderNotDelivered(string recipient, string keyId, Exception inner) =>
            new ApiKeyAdminException("ReminderNotDelivered", ErrorKind.ResourceUnavailable, recipient,
                $"The rotation reminder for key {keyId} could not be mailed to '{Shown(recipient)}': {inner.Message} It was not recorded as sent; the next run tries again.", inner);

        internal static ApiKeyAdminException MailSecurityUnavailable(string server, MailSecurity security, Exception inner) =>
            new ApiKeyAdminException("MailSecurityUnavailable", ErrorKind.SecurityError, server,
                $"The mail server '{Shown(server)}' did not set up {security}, which was asked for ({inner.Message}); nothing was sent. Use a server that offers it with a trusted certificate, or choose another -Security.", inner, stopsCommand: true);

        internal static ApiKeyAdminException MailRequiresPowerShell7() =>
            new ApiKeyAdminException("MailRequiresPowerShell7", ErrorKind.InvalidOperation, null,
                "Sending reminders needs PowerShell 7 or later: the mail library is loaded in a load context of its own, which Windows PowerShell lacks.", stopsCommand: true);

        internal static ApiKeyAdminException MailTransportMissing(string path) =>
            new ApiKeyAdminException("MailTransportMissing", ErrorKind.OpenError, path,
                $"The module's mail transport '{path}' is missing; reinstall the module.", stopsCommand: true);

        // User input in a message: escaped and cut to a readable length, whatever was given.
        private static string Shown(string text) => SafeText.Echo(text);

        internal static ApiKeyAdminException NoClobber(string path, Exception inner) =>
            new ApiKeyAdminException("NoClobber", ErrorKind.ResourceExists, path,
                $"The file '{path}' already exists and -NoClobber was given; nothing was written. Name a new file, or leave out -NoClobber to replace it.", inner, stopsCommand: true);

        internal static ApiKeyAdminException FileOpenFailure(string path, Exception inner) =>
            new ApiKeyAdminException("FileOpenFailure", ErrorKind.OpenError, path,
                $"The file '{path}' could not be opened for writing: {inner.Message} Nothing was exported.", inner, stopsCommand: true);

        internal static ApiKeyAdminException AppendColumnsMismatch(string path, string header) =>
            new ApiKeyAdminException("CannotAppendCsvWithMismatchedPropertyNames", ErrorKind.InvalidData, path,
                $"The file '{path}' does not start with the header {header}, so rows of this log cannot be appended to it; nothing was written. Name another file.", stopsCommand: true);

        internal static ApiKeyAdminException ExportWriteFailed(string path, long rows, Exception inner) =>
            new ApiKeyAdminException("ExportWriteFailed", ErrorKind.WriteError, path,
                $"Writing '{path}' failed after {rows} rows: {inner.Message}", inner, stopsCommand: true);
    }
}
