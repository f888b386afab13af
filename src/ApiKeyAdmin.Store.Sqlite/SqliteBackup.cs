using System;
using System.IO;
using ApiKeyAdmin.Secrets;
using Microsoft.Data.Sqlite;

namespace ApiKeyAdmin.Storage.Sqlite
{
    /// <summary>
    /// A backup of the store file through SQLite's online backup API: a consistent snapshot taken while other processes
    /// write (a plain copy of a store in WAL mode misses what is still in its -wal). It is written to a private file
    /// beside the destination and moved into place whole, so a destination never holds half a backup.
    /// </summary>
    internal static class SqliteBackup
    {
        /// <summary>Copies the store that <paramref name="source"/> is open on to <paramref name="destination"/>.</summary>
        internal static void Write(SqliteConnection source, string location, string destination, bool overwrite)
        {
            string target = Path.GetFullPath(destination);
            if (string.Equals(target, location, StringComparison.Ordinal) || Directory.Exists(target))
            {
                throw Fail.InvalidBackupDestination(destination, Directory.Exists(target) ? "it is a folder" : "it is the store itself");
            }

            if (File.Exists(target) && !overwrite)
            {
                throw Fail.BackupDestinationExists(target);
            }

            string partial = target + ".partial-" + Guid.NewGuid().ToString("N");
            try
            {
                PrivateFiles.EnsureFolder(Path.GetDirectoryName(target));
                PrivateFiles.CreateNew(partial).Dispose();
                var builder = new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false };
                using (var copy = new SqliteConnection(builder.ToString()))
                {
                    copy.Open();
                    source.BackupDatabase(copy);
                }

                if (overwrite && File.Exists(target))
                {
                    File.Delete(target);
                }

                File.Move(partial, target);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is SqliteException)
            {
                if (File.Exists(partial))
                {
                    File.Delete(partial);
                }

                throw File.Exists(target) && !overwrite ? Fail.BackupDestinationExists(target) : Fail.BackupNotWritable(target, ex);
            }
        }
    }
}
