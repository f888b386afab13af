using System;
using System.Collections.Generic;
using System.IO;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Storage.PostgreSql;
using ApiKeyAdmin.TestSupport;
using Npgsql;

namespace ApiKeyAdmin.Storage.PostgreSql.Tests
{
    /// <summary>
    /// One shared store made by the owner's login (the tests' keyadmin role), and the logins of the least-privilege issue
    /// that a DBA made with CREATE ROLE ... LOGIN alone: an Administer login without the role, a Super Admin login that is
    /// not the owner, a Verify login, and one with no access. Every manager acts as its store's authenticated login, as
    /// the shipped hosts do.
    /// </summary>
    internal sealed class StoreLogins : IDisposable
    {
        private readonly List<string> logins = new List<string>();

        internal StoreLogins()
        {
            Store = new TestStore(StoreKind.PostgreSql);
            string tag = Guid.NewGuid().ToString("N").Substring(0, 8);
            Admin = NewLogin("adm_" + tag);
            Super = NewLogin("sup_" + tag);
            Verifier = NewLogin("ver_" + tag);
            Nobody = NewLogin("none_" + tag);
            Owner = As(Store.ConnectionString);
            Secret = Owner.Keys.Create("acme", KeyKind.Standard, "made by the owner").Secret;
            Owner.Access.Grant(Admin.Login, StoreAccess.Administer);
            Owner.Access.Grant(Super.Login, StoreAccess.Administer);
            Owner.Roles.Grant(Super.Login, Roles.SuperAdmin, null);
            Owner.Access.Grant(Verifier.Login, StoreAccess.Verify);
        }

        internal TestStore Store { get; }

        /// <summary>The owner's login, the store's creator and first Super Admin.</summary>
        internal ApiKeyManager Owner { get; }

        /// <summary>A secret of the one key the owner made.</summary>
        internal string Secret { get; }

        internal (string Login, string ConnectionString) Admin { get; }

        internal (string Login, string ConnectionString) Super { get; }

        internal (string Login, string ConnectionString) Verifier { get; }

        internal (string Login, string ConnectionString) Nobody { get; }

        /// <summary>A manager acting as the login of <paramref name="connectionString"/>, on the store's host (key file and state) unless told otherwise.</summary>
        internal ApiKeyManager As(string connectionString, ProtectionKeyFolder keyFolder = null)
        {
            var keyStore = new PostgreSqlKeyStore(connectionString);
            return Store.NewManager(keyStore, new TestIdentity(keyStore.AccessControl.Login().Name), keyFolder);
        }

        /// <summary>An empty key folder: a host that was handed no file.</summary>
        internal ProtectionKeyFolder NoKeyFile() => new ProtectionKeyFolder(Path.Combine(Store.Folder, "nokeys", Guid.NewGuid().ToString("N")));

        /// <summary>Runs plain SQL on a connection of its own, as a client of that login could.</summary>
        internal static void Sql(string connectionString, string sql)
        {
            using (var c = new NpgsqlConnection(connectionString))
            {
                c.Open();
                using (var command = new NpgsqlCommand(sql, c))
                {
                    command.ExecuteNonQuery();
                }
            }
        }

        /// <summary>Runs one query on a connection of its own and returns its first value.</summary>
        internal static object Scalar(string connectionString, string sql)
        {
            using (var c = new NpgsqlConnection(connectionString))
            {
                c.Open();
                using (var command = new NpgsqlCommand(sql, c))
                {
                    return command.ExecuteScalar();
                }
            }
        }

        public void Dispose()
        {
            Store.Dispose();
            foreach (string login in logins)
            {
                PostgreSqlServer.Instance.DropLogin(login);
            }
        }

        private (string, string) NewLogin(string login)
        {
            string connection = PostgreSqlServer.Instance.CreateLogin(login, Store.Schema);
            logins.Add(login);
            return (login, connection);
        }
    }
}
