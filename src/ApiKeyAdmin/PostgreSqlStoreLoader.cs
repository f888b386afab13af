using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
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

            try
            {
                return (IKeyStore)Activator.CreateInstance(StoreType(), connectionString, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ApiKeyAdminException)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        private static Type StoreType()
        {
            lock (Gate)
            {
                if (storeType == null)
                {
                    string folder = Path.Combine(Path.GetDirectoryName(typeof(PostgreSqlStoreLoader).Assembly.Location), FolderName);
                    string path = Path.Combine(folder, AssemblyName + ".dll");
                    if (!File.Exists(path))
                    {
                        throw Fail.PostgreSqlStoreMissing(path);
                    }

                    storeType = new PrivateLoadContext(folder).LoadFromAssemblyPath(path).GetType(StoreTypeName, throwOnError: true);
                }

                return storeType;
            }
        }

        private sealed class PrivateLoadContext : AssemblyLoadContext
        {
            private readonly string folder;

            internal PrivateLoadContext(string folder)
            {
                this.folder = folder;
            }

            // The module's copy wins for everything it ships; the core (and the runtime) come from the default context.
            protected override Assembly Load(AssemblyName name)
            {
                Assembly core = typeof(IKeyStore).Assembly;
                if (name.Name == core.GetName().Name)
                {
                    return core;
                }

                string path = Path.Combine(folder, name.Name + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }
    }
}
