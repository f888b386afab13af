using System;
using System.IO;

namespace ApiKeyAdmin.Storage
{
    /// <summary>
    /// Which store a command uses. An explicit -StorePath or -ConnectionString wins (both at once is an error); else
    /// $APIKEYADMIN_CONNECTION selects PostgreSQL and $APIKEYADMIN_STORE a SQLite file (both set is an error); else the
    /// SQLite file in the per-user data folder.
    /// </summary>
    public static class StoreLocation
    {
        /// <summary>The environment variable that overrides the default store path.</summary>
        public const string EnvironmentVariable = "APIKEYADMIN_STORE";

        /// <summary>The environment variable that selects a PostgreSQL store by its connection string.</summary>
        public const string ConnectionEnvironmentVariable = "APIKEYADMIN_CONNECTION";

        /// <summary>The PostgreSQL connection string to use, or null when the store is a SQLite file.</summary>
        public static string ResolveConnection(string explicitPath, string explicitConnection)
        {
            bool path = !string.IsNullOrEmpty(explicitPath);
            bool connection = !string.IsNullOrEmpty(explicitConnection);
            if (path && connection)
            {
                throw Fail.ConflictingStoreParameters(explicitPath);
            }

            if (path || connection)
            {
                return connection ? explicitConnection : null;
            }

            string fromEnvironment = Environment.GetEnvironmentVariable(ConnectionEnvironmentVariable);
            if (string.IsNullOrEmpty(fromEnvironment))
            {
                return null;
            }

            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)))
            {
                throw Fail.ConflictingStoreEnvironment();
            }

            return fromEnvironment;
        }

        /// <summary>The store file's name in the per-user data folder.</summary>
        public const string FileName = "apikeys.db";

        /// <summary>The path to use, as an absolute path.</summary>
        public static string Resolve(string explicitPath)
        {
            string path = !string.IsNullOrEmpty(explicitPath) ? explicitPath : Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrEmpty(path))
            {
                path = Path.Combine(DefaultFolder(), FileName);
            }

            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw Fail.InvalidStorePath(path, ex.Message);
            }
        }

        /// <summary>%LOCALAPPDATA%\ApiKeyAdmin on Windows; $XDG_DATA_HOME/ApiKeyAdmin or ~/.local/share/ApiKeyAdmin elsewhere.</summary>
        public static string DefaultFolder()
        {
            string root;
            if (Secrets.PrivateFiles.IsUnix)
            {
                root = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
                if (string.IsNullOrEmpty(root) || !Path.IsPathRooted(root))
                {
                    root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
                }
            }
            else
            {
                root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            }

            return Path.Combine(root, "ApiKeyAdmin");
        }
    }
}
