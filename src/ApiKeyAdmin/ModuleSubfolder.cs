using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Types from the module's subfolders (postgresql/, mail/), each loaded in a <see cref="PrivateLoadContext"/>. Only
    /// <see cref="LoadType"/> names the load context, so that Windows PowerShell, which has none, never compiles a
    /// caller that touches it before the caller has refused.
    /// </summary>
    internal static class ModuleSubfolder
    {
        /// <summary>
        /// The type <paramref name="typeName"/> of <paramref name="assemblyName"/>, loaded from the module's subfolder
        /// <paramref name="folderName"/> in a context of its own; the error <paramref name="missing"/> makes of its path when absent.
        /// </summary>
        internal static Type LoadType(string folderName, string assemblyName, string typeName, Func<string, Exception> missing)
        {
            string folder = Path.Combine(Path.GetDirectoryName(typeof(ModuleSubfolder).Assembly.Location), folderName);
            string path = Path.Combine(folder, assemblyName + ".dll");
            if (!File.Exists(path))
            {
                throw missing(path);
            }

            return new PrivateLoadContext(folder).LoadFromAssemblyPath(path).GetType(typeName, throwOnError: true);
        }

        /// <summary>A new <paramref name="type"/> made with <paramref name="args"/>; a core error its constructor throws comes out as itself.</summary>
        internal static T Create<T>(Type type, params object[] args)
        {
            try
            {
                return (T)Activator.CreateInstance(type, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ApiKeyAdminException)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
