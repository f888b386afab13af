namespace ApiKeyAdmin
{
    /// <summary>What Copy-ApiKeyStore copied: flat, for the pipeline.</summary>
    public sealed class StoreCopy
    {
        /// <summary>Creates the summary of a copy.</summary>
        public StoreCopy(string source, string target, string targetProtectionKeyPath, int roles, int keys, long auditRows, long calls, long sourceHeadSequence)
        {
            Source = source;
            Target = target;
            TargetProtectionKeyPath = targetProtectionKeyPath;
            Roles = roles;
            Keys = keys;
            AuditRows = auditRows;
            Calls = calls;
            SourceHeadSequence = sourceHeadSequence;
        }

        /// <summary>The store copied from.</summary>
        public string Source { get; }

        /// <summary>The new store, without any password.</summary>
        public string Target { get; }

        /// <summary>The new store's data-protection key file, made by the copy: every host that administers the new store needs it.</summary>
        public string TargetProtectionKeyPath { get; }

        /// <summary>Role assignments copied.</summary>
        public int Roles { get; }

        /// <summary>Keys copied, deactivated ones included.</summary>
        public int Keys { get; }

        /// <summary>Audit rows in the copy, its StoreCopied row included.</summary>
        public long AuditRows { get; }

        /// <summary>Call rows of the kept 7 days copied.</summary>
        public long Calls { get; }

        /// <summary>The source chain's head sequence, recorded in the StoreCopied row with its tag.</summary>
        public long SourceHeadSequence { get; }
    }
}
