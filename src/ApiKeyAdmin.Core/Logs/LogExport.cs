namespace ApiKeyAdmin
{
    /// <summary>What a log export wrote: the file, its format, and how many rows.</summary>
    public sealed class LogExport
    {
        /// <summary>Creates the summary of a finished export.</summary>
        public LogExport(string path, LogExportFormat format, long rows)
        {
            Path = path;
            Format = format;
            Rows = rows;
        }

        /// <summary>The full path of the file written.</summary>
        public string Path { get; }

        /// <summary>The file's format.</summary>
        public LogExportFormat Format { get; }

        /// <summary>How many rows this export wrote (a header or rows already in an appended file are not counted).</summary>
        public long Rows { get; }
    }
}
