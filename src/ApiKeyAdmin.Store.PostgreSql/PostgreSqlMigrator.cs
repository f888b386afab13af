using System;
using System.Data;
using System.Globalization;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql
{
    /// <summary>
    /// Whether the schema holds a store, creating it and migrating it forward under the write lock, and the check before
    /// each use that the store exists and is not newer than this module.
    /// </summary>
    internal sealed class PostgreSqlMigrator
    {
        private readonly PostgreSqlConnections db;
        private readonly PostgreSqlAccess access;
        private volatile bool ready;

        internal PostgreSqlMigrator(PostgreSqlConnections db, PostgreSqlAccess access)
        {
            this.db = db;
            this.access = access;
        }

        /// <summary>True when the schema holds an ApiKeyAdmin schema version; StoreAccessDenied for a login with no access to it.</summary>
        internal bool Exists => db.Guard(() =>
        {
            RequireAccess();
            using (NpgsqlConnection c = db.Open())
            {
                return ReadVersion(c, null) > 0;
            }
        });

        /// <summary>True when the login of this connection owns the store's schema and is named <paramref name="user"/>.</summary>
        internal bool IsOwnedBy(string user) => db.Guard(() =>
        {
            using (NpgsqlConnection c = db.Open())
            {
                string login = PostgreSqlConnections.Scalar<string>(c, null,
                    "SELECT session_user::text FROM pg_namespace n WHERE n.nspname = @s AND n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = session_user)",
                    ("s", db.Schema));
                return login != null && KeyPolicy.SameName(login, user);
            }
        });

        /// <summary>Creates the schema and its tables, or migrates them; refuses another program's schema or a newer one.</summary>
        internal void EnsureCreated() => db.Guard(() =>
        {
            using (NpgsqlConnection c = db.Open())
            using (NpgsqlTransaction t = c.BeginTransaction(IsolationLevel.ReadCommitted))
            {
                // Creators on several hosts at once queue here; the second finds the schema made and migrates nothing.
                PostgreSqlTransactions.LockForWrite(db, c, t);
                if (!PostgreSqlConnections.Scalar<bool>(c, t, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @s)", ("s", db.Schema)))
                {
                    // Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when a DBA made the schema.
                    PostgreSqlConnections.Execute(c, t, "CREATE SCHEMA " + db.Schema);
                }

                int version = ReadVersion(c, t);
                if (version == 0)
                {
                    if (PostgreSqlConnections.Scalar<bool>(c, t,
                        "SELECT EXISTS (SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = @s)", ("s", db.Schema)))
                    {
                        // Another program's schema: refused before anything is written to it.
                        throw Fail.InvalidStore(db.Location, null);
                    }

                    PostgreSqlConnections.Execute(c, t, "CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
                }

                CheckVersion(version);
                for (int next = version + 1; next <= PostgreSqlSchema.CurrentVersion; next++)
                {
                    PostgreSqlConnections.Execute(c, t, PostgreSqlSchema.Migration(next, db.Schema));
                    PostgreSqlConnections.Execute(c, t, "INSERT INTO schema_version (version) VALUES (" + next.ToString(CultureInfo.InvariantCulture) + ")");
                }

                t.Commit();
            }

            ready = true;
            return 0;
        });

        /// <summary>Fails with StoreNotFound or StoreVersionTooNew, or migrates an older store; checked once per store.</summary>
        internal void EnsureReady()
        {
            if (ready)
            {
                return;
            }

            StoreLogin login = RequireAccess();
            int version;
            using (NpgsqlConnection c = db.Open())
            {
                version = ReadVersion(c, null);
            }

            if (version == 0)
            {
                throw Fail.StoreNotFound(db.Location);
            }

            CheckVersion(version);
            if (version < PostgreSqlSchema.CurrentVersion)
            {
                // DDL is the owner's alone: no other login is given the privilege to change the schema.
                if (!login.IsOwner)
                {
                    throw Fail.StoreOwnerRequired(login.Name, login.Owner, "migrate them to this module's schema, which its first command does");
                }

                EnsureCreated();
            }

            ready = true;
        }

        // A store's objects exist, and the database gives this login no access to them: refused before any statement
        // that the database would refuse less clearly.
        private StoreLogin RequireAccess()
        {
            StoreLogin login = access.Login();
            if (login.Owner != null && login.Access == null)
            {
                throw Fail.StoreAccessDenied(login.Name, login.Owner, db.Location);
            }

            return login;
        }

        private void CheckVersion(int version)
        {
            if (version > PostgreSqlSchema.CurrentVersion)
            {
                throw Fail.StoreVersionTooNew(db.Location, version, PostgreSqlSchema.CurrentVersion);
            }
        }

        // 0 when the schema or its version table is missing: no store yet.
        private int ReadVersion(NpgsqlConnection c, NpgsqlTransaction t)
        {
            if (!PostgreSqlConnections.Scalar<bool>(c, t, "SELECT to_regclass(@t) IS NOT NULL", ("t", db.Schema + ".schema_version")))
            {
                return 0;
            }

            object version = PostgreSqlConnections.Scalar<object>(c, t, "SELECT max(version) FROM schema_version");
            return version is DBNull ? 0 : Convert.ToInt32(version, CultureInfo.InvariantCulture);
        }
    }
}
