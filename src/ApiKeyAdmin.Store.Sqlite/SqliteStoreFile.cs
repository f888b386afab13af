using System;
using System.IO;
using ApiKeyAdmin.Secrets;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// What lies at the store's path, told apart before SQLite opens it: nothing (or an empty file, which holds nothing
    /// to adopt), a file, or something that is no store file at all. The one place where every command's checks of the path
    /// itself live: a folder is InvalidStore, and a path behind a folder the user may not enter is StoreUnreadable.
    /// </summary>
    internal static class SqliteStoreFile
    {
        /// <summary>
        /// True when a non-empty file is at <paramref name="location"/>; false when there is none or it is empty. Throws
        /// InvalidStore for a folder and StoreUnreadable when the path cannot be looked at.
        /// </summary>
        internal static bool HasContent(string location)
        {
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(location);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return false;
            }
            catch (UnauthorizedAccessException ex)
            {
                // A folder on the way that the user may not enter hides whether the store is there: not "no store".
                throw Fail.StoreFolderClosed(location, ex);
            }
            catch (IOException ex)
            {
                throw Fail.StoreUnreadable(location, ex);
            }

            if ((attributes & FileAttributes.Directory) != 0)
            {
                throw Fail.InvalidStore(location, null);
            }

            return new FileInfo(location).Length > 0;
        }

        /// <summary>StoreInsecure unless the store file is private to its owner, by the rule the data-protection key file follows.</summary>
        internal static void RequirePrivate(string location) => PrivateFiles.RequirePrivate(location, Fail.StoreInsecure);
    }
}
