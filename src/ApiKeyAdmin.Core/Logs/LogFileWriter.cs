using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security;
using System.Text;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Writes log rows straight from the store's reader to a file, as CSV or JSON Lines, one whole row at a time, with
    /// no object per row beyond the store's own. Every value reaches the file through <see cref="CsvText"/> or
    /// <see cref="WriteJsonValue"/>, so a rule for what is shown (escaping) applies in one place per format.
    /// </summary>
    internal static class LogFileWriter
    {
        private const int BufferSize = 1 << 16;

        // What makes Export-Csv -UseQuotes AsNeeded quote a field (PowerShell's ExportCsvHelper): the delimiter, a line
        // feed or a double quote. A lone carriage return is not quoted there, so it is not here either.
        private static readonly char[] CsvQuoteTriggers = { ',', '\n', '"' };

        private static readonly Encoding Utf8NoBom = new UTF8Encoding(false);

        /// <summary>Writes every row to the file the options name and says how many there were.</summary>
        internal static LogExport Write<T>(IEnumerable<T> rows, LogColumn<T>[] columns, LogExportOptions options)
        {
            bool csv = options.Format == LogExportFormat.Csv;
            string header = CsvHeader(columns);
            bool appending = options.Append && File.Exists(options.Path) && new FileInfo(options.Path).Length > 0;
            if (appending && csv)
            {
                CheckHeader(options.Path, header);
            }

            long count = 0;
            using (StreamWriter file = Open(options))
            {
                try
                {
                    if (csv && !appending)
                    {
                        file.WriteLine(header);
                    }

                    foreach (T row in rows)
                    {
                        if (csv)
                        {
                            WriteCsvRow(file, row, columns);
                        }
                        else
                        {
                            WriteJsonRow(file, row, columns);
                        }

                        if (++count % ApiKeyManager.ProgressInterval == 0)
                        {
                            options.Progress?.Invoke(count);
                        }
                    }

                    file.Flush();
                }
                catch (IOException ex)
                {
                    throw Fail.ExportWriteFailed(options.Path, count, ex);
                }
            }

            return new LogExport(options.Path, options.Format, count);
        }

        // Export-Csv takes each value's ToString(), which formats dates and numbers in the session's culture; so does
        // this, so that both files hold the same text and Import-Csv reads them alike.
        private static string CsvText(object value)
        {
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.CurrentCulture);
                default:
                    return value.ToString();
            }
        }

        private static string CsvHeader<T>(LogColumn<T>[] columns)
        {
            var header = new StringBuilder();
            foreach (LogColumn<T> column in columns)
            {
                if (header.Length > 0)
                {
                    header.Append(',');
                }

                header.Append(column.Name);
            }

            return header.ToString();
        }

        private static void WriteCsvRow<T>(TextWriter file, T row, LogColumn<T>[] columns)
        {
            for (int i = 0; i < columns.Length; i++)
            {
                if (i > 0)
                {
                    file.Write(',');
                }

                string text = CsvText(columns[i].Value(row));
                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }

                if (text.IndexOfAny(CsvQuoteTriggers) < 0)
                {
                    file.Write(text);
                    continue;
                }

                file.Write('"');
                foreach (char c in text)
                {
                    if (c == '"')
                    {
                        file.Write('"');
                    }

                    file.Write(c);
                }

                file.Write('"');
            }

            file.WriteLine();
        }

        private static void WriteJsonRow<T>(TextWriter file, T row, LogColumn<T>[] columns)
        {
            file.Write('{');
            for (int i = 0; i < columns.Length; i++)
            {
                if (i > 0)
                {
                    file.Write(',');
                }

                WriteJsonString(file, columns[i].Name);
                file.Write(':');
                WriteJsonValue(file, columns[i].Value(row));
            }

            // JSON Lines ends every record with a line feed, whatever the platform.
            file.Write("}\n");
        }

        private static void WriteJsonValue(TextWriter file, object value)
        {
            switch (value)
            {
                case null:
                    file.Write("null");
                    break;
                case string text:
                    WriteJsonString(file, text);
                    break;
                case DateTimeOffset time:
                    // ISO 8601 in UTC, ending in Z, with the full precision the store keeps.
                    WriteJsonString(file, time.UtcDateTime.ToString("o", CultureInfo.InvariantCulture));
                    break;
                case Enum name:
                    WriteJsonString(file, name.ToString());
                    break;
                case double number:
                    file.Write(double.IsNaN(number) || double.IsInfinity(number) ? "null" : number.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case IFormattable integer:
                    file.Write(integer.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    WriteJsonString(file, value.ToString());
                    break;
            }
        }

        // Quotes, backslashes and every control character (C0, DEL, C1) are escaped, so a line is one record and no
        // raw control character reaches a log shipper's console.
        private static void WriteJsonString(TextWriter file, string text)
        {
            file.Write('"');
            foreach (char c in text)
            {
                switch (c)
                {
                    case '"':
                        file.Write("\\\"");
                        break;
                    case '\\':
                        file.Write("\\\\");
                        break;
                    case '\n':
                        file.Write("\\n");
                        break;
                    case '\r':
                        file.Write("\\r");
                        break;
                    case '\t':
                        file.Write("\\t");
                        break;
                    default:
                        if (char.IsControl(c))
                        {
                            file.Write("\\u");
                            file.Write(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            file.Write(c);
                        }

                        break;
                }
            }

            file.Write('"');
        }

        private static StreamWriter Open(LogExportOptions options)
        {
            FileMode mode = options.Append ? FileMode.Append : options.NoClobber ? FileMode.CreateNew : FileMode.Create;
            try
            {
                var stream = new FileStream(options.Path, mode, FileAccess.Write, FileShare.Read, BufferSize);
                return new StreamWriter(stream, Utf8NoBom, BufferSize);
            }
            catch (IOException ex) when (mode == FileMode.CreateNew && File.Exists(options.Path))
            {
                throw Fail.NoClobber(options.Path, ex);
            }
            catch (Exception ex) when (IsOpenFailure(ex))
            {
                throw Fail.FileOpenFailure(options.Path, ex);
            }
        }

        // A CSV file gets rows of the same columns only, as Export-Csv -Append insists, so that it still loads as one table.
        private static void CheckHeader(string path, string header)
        {
            string first;
            try
            {
                using (var reader = new StreamReader(path, Utf8NoBom, detectEncodingFromByteOrderMarks: true))
                {
                    first = reader.ReadLine();
                }
            }
            catch (Exception ex) when (IsOpenFailure(ex))
            {
                throw Fail.FileOpenFailure(path, ex);
            }

            if (!string.Equals(first, header, StringComparison.Ordinal))
            {
                throw Fail.AppendColumnsMismatch(path, header);
            }
        }

        private static bool IsOpenFailure(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException || ex is SecurityException;
    }
}
