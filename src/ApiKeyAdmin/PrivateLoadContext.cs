using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>
    /// A load context for one of the module's subfolders (the PostgreSQL store, the mail transport): the folder's copy
    /// wins for everything it ships, so its libraries never clash with those pwsh or another module loaded, while the core
    /// (and the runtime) come from the default context, so that the core's types are the cmdlets' own.
    /// </summary>
    internal sealed class PrivateLoadContext : AssemblyLoadContext
    {
        private readonly string folder;

        internal PrivateLoadContext(string folder)
        {
            this.folder = folder;
        }

        /// <inheritdoc/>
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
