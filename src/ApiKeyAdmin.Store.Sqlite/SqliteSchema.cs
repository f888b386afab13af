using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// The schema, as forward migrations indexed by PRAGMA user_version. A store whose version is above
    /// <see cref="CurrentVersion"/> was written by a newer module and is refused untouched.
    /// </summary>
    internal static class SqliteSchema
    {
        // Internal so that tests can build a store as an older version left it.
        internal static readonly string[] Migrations =
        {
            // 1: keys, roles, settings, the audit chain and the call log.
            @"
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE roles (
    user_name TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL,
    email TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    granted_by TEXT NOT NULL,
    PRIMARY KEY (user_name, role)) WITHOUT ROWID;
CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE keys (
    id INTEGER PRIMARY KEY,
    key_id TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    kind INTEGER NOT NULL,
    status INTEGER NOT NULL,
    description TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    deactivated_at INTEGER,
    deactivated_by TEXT,
    expires_at INTEGER,
    last_used_at INTEGER,
    secret_hash BLOB NOT NULL UNIQUE,
    masked_key TEXT NOT NULL,
    encrypted_secret BLOB,
    tag BLOB NOT NULL);
CREATE UNIQUE INDEX keys_one_active ON keys (account_id, kind) WHERE status = 0;
CREATE UNIQUE INDEX keys_one_expiring ON keys (account_id, kind) WHERE status = 1;
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    account TEXT NOT NULL,
    key_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    tag BLOB NOT NULL);
CREATE INDEX audit_account ON audit (account, seq);
CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, tag BLOB NOT NULL);
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    account_id INTEGER,
    key_row INTEGER,
    kind INTEGER,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    client TEXT NOT NULL,
    outcome INTEGER NOT NULL,
    reason INTEGER NOT NULL,
    status_code INTEGER,
    duration_ms REAL,
    fingerprint TEXT NOT NULL);
CREATE INDEX calls_account_ts ON calls (account_id, ts);
CREATE INDEX calls_ts ON calls (ts);
",
            // 2: app tokens: an app name and scopes per key, and one Active (and one Expiring) per account, kind and app.
            // Existing keys get empty values, which is what a key has.
            @"
ALTER TABLE keys ADD COLUMN app_name TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
ALTER TABLE keys ADD COLUMN scope TEXT NOT NULL DEFAULT '';
DROP INDEX keys_one_active;
DROP INDEX keys_one_expiring;
CREATE UNIQUE INDEX keys_one_active ON keys (account_id, kind, app_name) WHERE status = 0;
CREATE UNIQUE INDEX keys_one_expiring ON keys (account_id, kind, app_name) WHERE status = 1;
",
            // 3: an account's keys by index. Every rotation, creation and disable looks them up; without it each one scanned
            // the whole keys table (30 ms per rotation with 10,000 accounts).
            @"
CREATE INDEX keys_account ON keys (account_id, kind);
",
            // 4: role rows carry an integrity tag; rows from before it are signed by a Super Admin's first command.
            @"
ALTER TABLE roles ADD COLUMN tag BLOB;
",
        };

        internal static int CurrentVersion => Migrations.Length;

        internal static int ReadVersion(SqliteConnection connection)
        {
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA user_version;";
                return System.Convert.ToInt32(command.ExecuteScalar());
            }
        }

        /// <summary>Applies the migrations above <paramref name="from"/> inside the caller's transaction.</summary>
        internal static void Migrate(SqliteConnection connection, SqliteTransaction transaction, int from)
        {
            for (int version = from; version < Migrations.Length; version++)
            {
                using (SqliteCommand command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = Migrations[version] + $"PRAGMA user_version = {version + 1};";
                    command.ExecuteNonQuery();
                }
            }
        }
    }
}
