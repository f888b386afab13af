using System.Collections.Generic;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// A store whose database authenticates its clients and enforces who may do what: the acting user is the login, and
    /// access levels are the database's own privileges. The core signs and audits; the store grants.
    /// </summary>
    public interface IStoreAccessControl
    {
        /// <summary>The authenticated login and what the database lets it do, read afresh on each call.</summary>
        StoreLogin Login();

        /// <summary>Whether <paramref name="login"/> is a role of the database that may log in.</summary>
        bool LoginExists(IStoreTransaction tx, string login);

        /// <summary>The access rows, in login order.</summary>
        IReadOnlyList<StoreAccessGrant> List(IStoreTransaction tx);

        /// <summary>Gives the login exactly the privileges of its level (any earlier ones replaced) and records the row.</summary>
        void Grant(IStoreTransaction tx, StoreAccessGrant grant);

        /// <summary>Takes every privilege on the store's objects from the login and removes its row; false when it had none.</summary>
        bool Revoke(IStoreTransaction tx, string login);
    }
}
