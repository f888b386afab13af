using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>One line of the table: what was measured, the same run's baseline, their ratio and the target.</summary>
    internal sealed class ResultRow
    {
        internal ResultRow(string scenario, string measured, string baseline, double? ratio, string target, bool? pass, string note = null)
        {
            Scenario = scenario;
            Measured = measured;
            Baseline = baseline ?? "-";
            Ratio = ratio;
            Target = target;
            Pass = pass;
            Note = note;
        }

        internal string Scenario { get; }

        internal string Measured { get; }

        internal string Baseline { get; }

        internal double? Ratio { get; }

        internal string Target { get; }

        internal bool? Pass { get; }

        internal string Note { get; }

        internal static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";

        internal static string Ms(double ms) => ms.ToString(ms < 10 ? "N2" : "N0", CultureInfo.InvariantCulture) + " ms";

        internal static string Us(double us) => us.ToString("N1", CultureInfo.InvariantCulture) + " µs";

        internal static string Mb(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";

        /// <summary>Prints the rows as a Markdown table, so a run can be pasted into docs/performance.md as it is.</summary>
        internal static void Print(IReadOnlyList<ResultRow> rows)
        {
            string[] header = { "scenario", "measured", "baseline (same run)", "ratio", "target", "result" };
            List<string[]> cells = rows.Select(r => new[]
            {
                r.Scenario, r.Measured, r.Baseline,
                r.Ratio.HasValue ? r.Ratio.Value.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                r.Target, r.Pass == null ? "-" : r.Pass.Value ? "pass" : "MISS",
            }).ToList();
            int[] widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
            Console.WriteLine(Line(header, widths));
            Console.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
            foreach (string[] c in cells)
            {
                Console.WriteLine(Line(c, widths));
            }

            foreach (ResultRow r in rows.Where(r => r.Note != null))
            {
                Console.WriteLine($"- {r.Scenario}: {r.Note}");
            }
        }

        private static string Line(string[] cells, int[] widths) =>
            "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
    }
}
