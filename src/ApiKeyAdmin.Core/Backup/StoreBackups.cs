using System.IO;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Backup-ApiKeyStore: a consistent copy of a SQLite store, taken while other processes write, by a Super Admin.
    /// The data-protection key file is never copied with it; the result names the file to keep apart. A PostgreSQL store
    /// refuses (UseDatabaseBackup): the server's own backups cover it.
    /// </summary>
    public sealed class StoreBackups
    {
        private readonly StoreSession session;

        internal StoreBackups(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>Writes the backup to <paramref name="destination"/>; an existing file there is replaced only with <paramref name="overwrite"/>.</summary>
        public StoreBackup Write(string destination, bool overwrite)
        {
            session.Require();
            string keyFile = session.Read(Operation.OnStore("back up the store"), admin => session.KeyFolder.PathFor(StoreSettings.ReadStoreId(admin.Tx)));
            session.Store.BackupTo(destination, overwrite);
            string written = Path.GetFullPath(destination);
            return new StoreBackup(session.Store.Location, written, new FileInfo(written).Length, keyFile, session.Clock.UtcNow);
        }
    }
}
