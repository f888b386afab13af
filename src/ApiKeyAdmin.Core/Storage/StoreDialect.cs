using System.Collections.Generic;
using System.Data.Common;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// What one database spells its own way under the shared <see cref="StoreTransaction"/> and <see cref="StoreQueries"/>:
    /// case folding of names, lists of values, the account upsert, where a key's last use lives, the key generation,
    /// and how call rows are matched by account and path.
    /// </summary>
    internal abstract class StoreDialect
    {
        /// <summary>"SELECT" and the key columns in <see cref="StoreRows.ReadKey"/>'s order, then <see cref="KeyFrom"/>.</summary>
        internal string SelectKeys => SelectKeysWith("k.encrypted_secret");

        /// <summary>
        /// As <see cref="SelectKeys"/> with no encrypted copy (read as null): the verifier's lookup, which a shared store's
        /// verify logins may run without the privilege to read that column.
        /// </summary>
        internal string SelectKeysWithoutSecret => SelectKeysWith("NULL");

        private string SelectKeysWith(string encryptedSecret) =>
            "SELECT k.key_id, a.name, k.kind, k.status, k.description, k.created_at, k.created_by, k.deactivated_at, k.deactivated_by, " +
            "k.expires_at, " + LastUsedAt + ", k.secret_hash, k.masked_key, " + encryptedSecret + ", k.tag, k.app_name, k.scope" + KeyFrom;

        /// <summary>" FROM keys k JOIN accounts a ..." with a space at each end, joining what <see cref="SelectKeys"/> reads.</summary>
        internal string KeyFrom => " FROM keys k JOIN accounts a ON a.id = k.account_id" + KeyJoins + " ";

        /// <summary>The expression (or column list) that the accounts table's unique name index is on, for ON CONFLICT.</summary>
        internal abstract string AccountNameKey { get; }

        /// <summary>The statements that move the key generation (and announce it, where the database can).</summary>
        internal abstract string BumpKeyGeneration { get; }

        /// <summary>The key's last use, as <see cref="SelectKeys"/> reads it.</summary>
        protected abstract string LastUsedAt { get; }

        /// <summary>Joins beyond keys and accounts that <see cref="LastUsedAt"/> needs, each with a leading space; or empty.</summary>
        protected abstract string KeyJoins { get; }

        /// <summary>An expression (column or parameter) as names compare: without regard to case.</summary>
        internal abstract string Folded(string expression);

        /// <summary>Binds <paramref name="values"/> and returns the condition that <paramref name="expression"/> is one of them.</summary>
        internal abstract string In<T>(DbCommand command, string expression, string name, IReadOnlyList<T> values);

        /// <summary>The condition that a name column is one of <paramref name="names"/>, without regard to case.</summary>
        internal string FoldedIn(DbCommand command, string column, string name, IReadOnlyList<string> names) =>
            In(command, Folded(column), name, FoldValues(names));

        /// <summary>The condition that a call (alias c) was made with a key of one of these accounts.</summary>
        internal abstract string CallAccounts(DbCommand command, IReadOnlyList<string> accounts);

        /// <summary>Binds <paramref name="pattern"/> in this database's own pattern language and returns the condition on <paramref name="column"/>.</summary>
        internal abstract string PathMatches(DbCommand command, string column, PathPattern pattern);

        /// <summary>The values as <see cref="Folded"/> columns compare with them when bound directly.</summary>
        protected abstract IReadOnlyList<string> FoldValues(IReadOnlyList<string> names);
    }
}
