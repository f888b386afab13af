namespace ApiKeyAdmin
{
    /// <summary>The file formats a log export writes.</summary>
    public enum LogExportFormat
    {
        /// <summary>Comma-separated values as Export-Csv -UseQuotes AsNeeded writes them: a header row, UTF-8 without BOM.</summary>
        Csv,

        /// <summary>One JSON object per line, enum names and ISO 8601 UTC times, UTF-8 without BOM, for log shippers.</summary>
        JsonLines,
    }
}
