using System;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Loads the PostgreSQL store only when a connection string is given: ApiKeyAdmin.Store.PostgreSql, Npgsql and their
    /// dependencies come from the module's <c>postgresql/</c> folder into a load context of their own, so they never
    /// clash with assemblies that pwsh or another module loaded; ApiKeyAdmin.Core stays shared with the cmdlets, so the
    /// store is an <see cref="IKeyStore"/> here. Windows PowerShell (.NET Framework) has no load contexts and Npgsql no
    /// build for it: there a connection string is the error PostgreSqlRequiresPowerShell7.
    /// </summary>
    internal static class PostgreSqlStoreLoader
    {
        /// <summary>The module's subfolder that holds the PostgreSQL store and its dependency closure.</summary>
        internal const string FolderName = "postgresql";

        private const string AssemblyName = "ApiKeyAdmin.Store.PostgreSql";
        private const string StoreTypeName = "ApiKeyAdmin.Storage.PostgreSql.PostgreSqlKeyStore";
        private static readonly object Gate = new object();
        private static Type storeType;

        /// <summary>A PostgreSQL store over <paramref name="connectionString"/>; nothing is opened yet.</summary>
        internal static IKeyStore Create(string connectionString)
        {
            if (!NativeLibraryLoader.HasNativeLibrary)
            {
                // NativeLibrary and AssemblyLoadContext arrived together with .NET Core 3.0; Windows PowerShell has neither.
                throw Fail.PostgreSqlRequiresPowerShell7();
            }

            return ModuleSubfolder.Create<IKeyStore>(StoreType(), connectionString, null);
        }

        private static Type StoreType()
        {
            lock (Gate)
            {
                if (storeType == null)
                {
                    storeType = ModuleSubfolder.LoadType(FolderName, AssemblyName, StoreTypeName, Fail.PostgreSqlStoreMissing);
                }

                return storeType;
            }
        }
    }
}
