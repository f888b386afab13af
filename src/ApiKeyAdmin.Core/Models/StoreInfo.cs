namespace ApiKeyAdmin
{
    /// <summary>What Get-ApiKeyStore shows of a store: where it is, what it is, which key file belongs to it, how much it holds.</summary>
    public sealed class StoreInfo
    {
        /// <summary>Creates the description of a store; every field but the first three is null for a store that does not exist.</summary>
        public StoreInfo(string location, string engine, bool exists, string storeId, int? schemaVersion, string protectionKeyPath, int? keys, long? auditRows)
        {
            Location = location;
            Engine = engine;
            Exists = exists;
            StoreId = storeId;
            SchemaVersion = schemaVersion;
            ProtectionKeyPath = protectionKeyPath;
            Keys = keys;
            AuditRows = auditRows;
        }

        /// <summary>The store file, or the PostgreSQL server, database and schema; never a password.</summary>
        public string Location { get; }

        /// <summary>SQLite or PostgreSQL.</summary>
        public string Engine { get; }

        /// <summary>Whether the store exists; reading commands never create it.</summary>
        public bool Exists { get; }

        /// <summary>The store's id, which names its data-protection key file.</summary>
        public string StoreId { get; }

        /// <summary>The version of the store's schema.</summary>
        public int? SchemaVersion { get; }

        /// <summary>This host's data-protection key file of the store: the file that decrypts secret copies, to back up and to hand to other administering hosts.</summary>
        public string ProtectionKeyPath { get; }

        /// <summary>Key rows, deactivated ones included.</summary>
        public int? Keys { get; }

        /// <summary>Rows in the audit chain.</summary>
        public long? AuditRows { get; }
    }
}
