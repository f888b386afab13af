using System.Globalization;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// The schema, as forward migrations numbered from 1 and recorded in schema_version. A store whose version is above
    /// <see cref="CurrentVersion"/> was written by a newer module and is refused untouched. Tables and columns match
    /// the SQLite store (times as Unix milliseconds, enums as integers), so the same rules and tests read both.
    /// </summary>
    internal static class PostgreSqlSchema
    {
        private static readonly string[] Migrations =
        {
            // 1: keys (and app tokens, with their app name and scopes), roles, settings, the audit chain and the call log
            // partitioned by day.
            @"
CREATE TABLE settings (name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE roles (
    user_name text NOT NULL,
    role text NOT NULL,
    email text NOT NULL,
    granted_at bigint NOT NULL,
    granted_by text NOT NULL);
CREATE UNIQUE INDEX roles_user_role ON roles (lower(user_name), role);
CREATE TABLE accounts (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE UNIQUE INDEX accounts_name ON accounts (lower(name));
CREATE TABLE keys (
    id bigserial PRIMARY KEY,
    key_id text NOT NULL UNIQUE,
    account_id bigint NOT NULL REFERENCES accounts (id),
    kind integer NOT NULL,
    status integer NOT NULL,
    description text NOT NULL,
    created_at bigint NOT NULL,
    created_by text NOT NULL,
    deactivated_at bigint,
    deactivated_by text,
    expires_at bigint,
    secret_hash bytea NOT NULL UNIQUE,
    masked_key text NOT NULL,
    encrypted_secret bytea,
    tag bytea NOT NULL,
    app_name text NOT NULL DEFAULT '',
    scope text NOT NULL DEFAULT '');
CREATE UNIQUE INDEX keys_one_active ON keys (account_id, kind, lower(app_name)) WHERE status = 0;
CREATE UNIQUE INDEX keys_one_expiring ON keys (account_id, kind, lower(app_name)) WHERE status = 1;
CREATE TABLE key_usage (key_row bigint PRIMARY KEY REFERENCES keys (id), last_used_at bigint NOT NULL);
CREATE TABLE key_generation (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL);
INSERT INTO key_generation (id, value) VALUES (1, 0);
CREATE TABLE audit (
    seq bigint PRIMARY KEY,
    ts bigint NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    account text NOT NULL,
    key_id text NOT NULL,
    detail text NOT NULL,
    tag bytea NOT NULL);
CREATE INDEX audit_account ON audit (account, seq);
CREATE TABLE audit_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, tag bytea NOT NULL);
CREATE TABLE calls (
    id bigserial,
    ts bigint NOT NULL,
    account_id bigint,
    key_row bigint,
    kind integer,
    method text NOT NULL,
    path text NOT NULL,
    client text NOT NULL,
    outcome integer NOT NULL,
    reason integer NOT NULL,
    status_code integer,
    duration_ms double precision,
    fingerprint text NOT NULL) PARTITION BY RANGE (ts);
CREATE INDEX calls_ts ON calls (ts);
CREATE INDEX calls_account_ts ON calls (account_id, ts);
",
            // 2: role rows carry an integrity tag; rows from before it are signed by a Super Admin's first command.
            @"
ALTER TABLE roles ADD COLUMN tag bytea;
",
            // 3: least privilege. The access rows Grant-ApiKeyStoreAccess signs; settings readable by verify logins without the
            // sealed signing key (row-level security: those who may write audit rows, the administer logins, see and write
            // all; the owner is exempt); and the call log's partitions made and dropped with the owner's rights, for every
            // writer of call rows alike, with a pinned search path (pg_temp last) and no EXECUTE for PUBLIC. A caller who
            // may not write audit rows (a verify login) drops only days wholly past the retention by the server's clock.
            @"
CREATE TABLE store_access (
    login text PRIMARY KEY,
    access integer NOT NULL,
    granted_at bigint NOT NULL,
    granted_by text NOT NULL,
    tag bytea NOT NULL);
ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY settings_administer ON settings
    USING (has_table_privilege('audit'::regclass, 'INSERT')) WITH CHECK (has_table_privilege('audit'::regclass, 'INSERT'));
CREATE POLICY settings_verify ON settings FOR SELECT USING (name <> 'signing_key_sealed');
CREATE FUNCTION make_call_partition(day bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.calls FOR VALUES FROM (%s) TO (%s)',
        '{schema}', 'calls_p' || to_char(to_timestamp(day * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD'), '{schema}',
        day * 86400000, (day + 1) * 86400000);
END $$;
CREATE FUNCTION drop_call_partition(day bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_catalog, pg_temp AS $$
DECLARE
    part text := 'calls_p' || to_char(to_timestamp(day * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD');
    n bigint;
BEGIN
    IF NOT has_table_privilege(session_user, '{schema}.audit', 'INSERT')
        AND (day + 1) * 86400000 > floor(extract(epoch FROM now()) * 1000) - {retentionMs} THEN
        RETURN 0;
    END IF;
    IF to_regclass(format('%I.%I', '{schema}', part)) IS NULL THEN
        RETURN 0;
    END IF;
    EXECUTE format('SELECT count(*) FROM %I.%I', '{schema}', part) INTO n;
    EXECUTE format('DROP TABLE %I.%I', '{schema}', part);
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION make_call_partition(bigint), drop_call_partition(bigint) FROM PUBLIC;
",
        };

        internal static int CurrentVersion => Migrations.Length;

        /// <summary>
        /// The SQL that takes the store in <paramref name="schema"/> (a checked lower-case identifier) from
        /// <paramref name="version"/> - 1 to <paramref name="version"/>.
        /// </summary>
        internal static string Migration(int version, string schema) => Migrations[version - 1]
            .Replace("{schema}", schema)
            .Replace("{retentionMs}", ((long)ApiKeyManager.CallRetention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
    }
}
