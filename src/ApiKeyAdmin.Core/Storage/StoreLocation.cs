using System;
using System.IO;

namespace ApiKeyAdmin.Storage
{
    /// <summary>Where the SQLite store is: an explicit path, else $APIKEYADMIN_STORE, else the per-user data folder.</summary>
    public static class StoreLocation
    {
        /// <summary>The environment variable that overrides the default store path.</summary>
        public const string EnvironmentVariable = "APIKEYADMIN_STORE";

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
