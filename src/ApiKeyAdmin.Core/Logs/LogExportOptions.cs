using System;

namespace ApiKeyAdmin
{
    /// <summary>Where and how a log export writes its file.</summary>
    public sealed class LogExportOptions
    {
        /// <summary>The file to write, as a full file-system path.</summary>
        public string Path { get; set; }

        /// <summary>The file's format.</summary>
        public LogExportFormat Format { get; set; }

        /// <summary>Adds the rows to the end of an existing file instead of replacing it.</summary>
        public bool Append { get; set; }

        /// <summary>Refuses to replace an existing file (NoClobber); -Append still adds to one.</summary>
        public bool NoClobber { get; set; }

        /// <summary>Called with the number of rows written so far, every <see cref="ApiKeyManager.ProgressInterval"/> rows.</summary>
        public Action<long> Progress { get; set; }
    }
}
