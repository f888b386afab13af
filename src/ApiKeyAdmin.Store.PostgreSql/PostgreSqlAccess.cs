using System.Collections.Generic;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// The store's access levels as PostgreSQL's own privileges: who authenticated (session_user), who owns the store's
    /// objects, and the grants of each level, run as that owner in the caller's transaction so they commit with their
    /// access row and audit row. Nobody is given GRANT OPTION, so only the owner ever grants.
    /// </summary>
    internal sealed class PostgreSqlAccess : IStoreAccessControl
    {
        // The key columns but the encrypted secret copy: what the verifier's lookup and the call writer read.
        private const string VerifiedKeyColumns =
            "id, key_id, account_id, kind, status, description, created_at, created_by, deactivated_at, deactivated_by, " +
            "expires_at, secret_hash, masked_key, tag, app_name, scope";

        // What a verify login may do: read what verification reads (the audit chain's sequence numbers and tags only, for
        // the rollback check; no e-mails, no secret copies, no access rows), write call rows and keys' last use, and make
        // or (past retention) drop the call log's day partitions through the owner's functions.
        private static readonly string[] VerifyGrants =
        {
            "GRANT USAGE ON SCHEMA {s} TO {l}",
            "GRANT SELECT (" + VerifiedKeyColumns + ") ON {s}.keys TO {l}",
            "GRANT SELECT ON {s}.accounts, {s}.key_generation, {s}.audit_head, {s}.schema_version, {s}.settings TO {l}",
            "GRANT SELECT (seq, tag) ON {s}.audit TO {l}",
            "GRANT SELECT, INSERT, UPDATE ON {s}.key_usage TO {l}",
            "GRANT INSERT ON {s}.calls TO {l}",
            "GRANT USAGE ON SEQUENCE {s}.calls_id_seq TO {l}",
            "GRANT EXECUTE ON FUNCTION {s}.make_call_partition(bigint), {s}.drop_call_partition(bigint) TO {l}",
        };

        // What the commands need, no DDL: the Super Admin rule decides the rest. Access rows and the schema version are
        // the owner's to write.
        private static readonly string[] AdministerGrants =
        {
            "GRANT USAGE ON SCHEMA {s} TO {l}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {l}",
            "REVOKE INSERT, UPDATE, DELETE ON {s}.store_access, {s}.schema_version FROM {l}",
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {l}",
            "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {l}",
        };

        // Table privileges take their column privileges with them.
        private static readonly string[] RevokeAll =
        {
            "REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {l}",
            "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {l}",
            "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM {l}",
            "REVOKE ALL ON SCHEMA {s} FROM {l}",
        };

        // One catalog read, which needs no privilege on the schema: a login with no access learns that it has none.
        private const string LoginQuery =
            "WITH t AS (SELECT c.oid, c.relname, c.relowner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = @s AND c.relname IN ('keys', 'audit', 'calls')) " +
            "SELECT session_user::text, " +
            "(SELECT pg_get_userbyid(relowner) FROM t WHERE relname = 'keys'), " +
            "coalesce((SELECT pg_has_role(session_user, relowner, 'USAGE') FROM t WHERE relname = 'keys'), false), " +
            "coalesce((SELECT has_table_privilege(oid, 'INSERT') FROM t WHERE relname = 'audit'), false), " +
            "coalesce((SELECT has_table_privilege(oid, 'INSERT') FROM t WHERE relname = 'calls'), false)";

        private readonly PostgreSqlConnections db;

        internal PostgreSqlAccess(PostgreSqlConnections db)
        {
            this.db = db;
        }

        public StoreLogin Login() => db.Guard(() =>
        {
            using (NpgsqlConnection c = db.Open())
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, null, LoginQuery))
            {
                command.Parameters.AddWithValue("s", db.Schema);
                using (NpgsqlDataReader r = command.ExecuteReader())
                {
                    r.Read();
                    string owner = r.IsDBNull(1) ? null : r.GetString(1);
                    bool isOwner = r.GetBoolean(2);
                    StoreAccess? access = isOwner || r.GetBoolean(3) ? StoreAccess.Administer : r.GetBoolean(4) ? StoreAccess.Verify : (StoreAccess?)null;
                    return new StoreLogin(r.GetString(0), owner, isOwner, access);
                }
            }
        });

        public bool LoginExists(IStoreTransaction tx, string login)
        {
            (NpgsqlConnection c, NpgsqlTransaction t) = Open(tx);
            return PostgreSqlConnections.Scalar<bool>(c, t, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @l AND rolcanlogin)", ("l", login));
        }

        public IReadOnlyList<StoreAccessGrant> List(IStoreTransaction tx)
        {
            (NpgsqlConnection c, NpgsqlTransaction t) = Open(tx);
            var rows = new List<StoreAccessGrant>();
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, "SELECT login, access, granted_at, granted_by, tag FROM store_access ORDER BY login"))
            using (NpgsqlDataReader r = command.ExecuteReader())
            {
                while (r.Read())
                {
                    rows.Add(new StoreAccessGrant(r.GetString(0), (StoreAccess)r.GetInt32(1), UnixTime.FromMs(r.GetInt64(2)), r.GetString(3))
                    {
                        Tag = StoreRows.Blob(r, 4),
                    });
                }
            }

            return rows;
        }

        public void Grant(IStoreTransaction tx, StoreAccessGrant grant)
        {
            (NpgsqlConnection c, NpgsqlTransaction t) = Open(tx);
            string login = Quoted(c, t, grant.Login);
            Run(c, t, RevokeAll, login);
            Run(c, t, grant.Access == StoreAccess.Verify ? VerifyGrants : AdministerGrants, login);
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t,
                "INSERT INTO store_access (login, access, granted_at, granted_by, tag) VALUES (@l, @a, @t, @b, @g) " +
                "ON CONFLICT (login) DO UPDATE SET access = excluded.access, granted_at = excluded.granted_at, granted_by = excluded.granted_by, tag = excluded.tag"))
            {
                command.Parameters.AddWithValue("l", grant.Login);
                command.Parameters.AddWithValue("a", (int)grant.Access);
                command.Parameters.AddWithValue("t", UnixTime.ToMs(grant.GrantedAt));
                command.Parameters.AddWithValue("b", grant.GrantedBy);
                command.Parameters.AddWithValue("g", grant.Tag);
                command.ExecuteNonQuery();
            }
        }

        public bool Revoke(IStoreTransaction tx, string login)
        {
            (NpgsqlConnection c, NpgsqlTransaction t) = Open(tx);
            Run(c, t, RevokeAll, Quoted(c, t, login));
            using (NpgsqlCommand command = PostgreSqlRows.Command(c, t, "DELETE FROM store_access WHERE login = @l"))
            {
                command.Parameters.AddWithValue("l", login);
                return command.ExecuteNonQuery() > 0;
            }
        }

        private static (NpgsqlConnection, NpgsqlTransaction) Open(IStoreTransaction tx)
        {
            var store = (StoreTransaction)tx;
            return ((NpgsqlConnection)store.Connection, (NpgsqlTransaction)store.Transaction);
        }

        // The server quotes the login as an identifier; the schema is a checked lower-case identifier already.
        private static string Quoted(NpgsqlConnection c, NpgsqlTransaction t, string login) =>
            PostgreSqlConnections.Scalar<string>(c, t, "SELECT quote_ident(@l)", ("l", login));

        private void Run(NpgsqlConnection c, NpgsqlTransaction t, string[] statements, string login)
        {
            foreach (string statement in statements)
            {
                PostgreSqlConnections.Execute(c, t, statement.Replace("{s}", db.Schema).Replace("{l}", login));
            }
        }
    }
}
