using System;

namespace ApiKeyAdmin
{
    /// <summary>What Backup-ApiKeyStore wrote, and the one other file a restore needs: flat, for the pipeline.</summary>
    public sealed class StoreBackup
    {
        /// <summary>Creates the summary of a backup.</summary>
        public StoreBackup(string store, string destination, long length, string protectionKeyFile, DateTimeOffset takenAt)
        {
            Store = store;
            Destination = destination;
            Length = length;
            ProtectionKeyFile = protectionKeyFile;
            TakenAt = takenAt;
        }

        /// <summary>The store backed up.</summary>
        public string Store { get; }

        /// <summary>The backup file, private to its owner.</summary>
        public string Destination { get; }

        /// <summary>The backup's size in bytes.</summary>
        public long Length { get; }

        /// <summary>
        /// The store's data-protection key file, which the backup does not hold: keep a private copy of it apart from the
        /// backup, or the restored store's secret copies cannot be shown and its audit chain cannot be checked.
        /// </summary>
        public string ProtectionKeyFile { get; }

        /// <summary>When the backup was taken (UTC).</summary>
        public DateTimeOffset TakenAt { get; }
    }
}
