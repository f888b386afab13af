using System.Collections.Generic;

namespace ApiKeyAdmin
{
    /// <summary>The migration report's rows, most urgent first, and the banner to show with them.</summary>
    public sealed class MigrationReport
    {
        /// <summary>Creates a report.</summary>
        public MigrationReport(IReadOnlyList<MigrationReportRow> rows, SunsetNotice notice)
        {
            Rows = rows;
            Notice = notice;
        }

        /// <summary>One row per account that holds a standard key that verifies.</summary>
        public IReadOnlyList<MigrationReportRow> Rows { get; }

        /// <summary>The sunset banner, or null when no sunset is set.</summary>
        public SunsetNotice Notice { get; }
    }
}
