// Reads a CSV file into a DataTable with CsvHelper, deciding for each column whether it is numeric or categorical.
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace BayesGlmm.Modeling.Data;

/// <summary>
/// CSV reading rules (DESIGN.md §2): a header row is required; fields are comma-separated, quoted as RFC 4180;
/// <c>NA</c>, empty and blank cells are missing; numbers are culture-invariant. A column is categorical when any
/// entry is not a number, when any entry is quoted (R's write.csv quotes factors and strings), or when it is
/// declared a factor. Every row must have as many fields as the header.
/// </summary>
public static class CsvTableReader
{
    /// <summary>Reads the file at <paramref name="path"/>; see <see cref="DataTable.ReadCsv"/>.</summary>
    public static DataTable Read(string path, IReadOnlyCollection<string>? factors)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InputException("No data file was given: pass the path of a CSV file with a header row.");
        if (Directory.Exists(path))
            throw new InputException($"Data file '{path}' is a directory, not a CSV file.");
        if (!File.Exists(path))
            throw new InputException($"Data file '{path}' does not exist: check the path (relative paths are taken from the model file's folder or the working directory).");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
            return Read(reader, path, factors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new InputException($"Data file '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="source"/> names it in messages.</summary>
    public static DataTable Read(TextReader reader, string source, IReadOnlyCollection<string>? factors)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            Delimiter = ",",
            Mode = CsvMode.RFC4180,
            IgnoreBlankLines = true,
            BadDataFound = null,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
        };
        List<string> names;
        var cells = new List<string?[]>();
        var quoted = new List<bool[]>();
        try
        {
            using var parser = new QuoteAwareParser(reader, config);
            if (!parser.Read())
                throw new InputException($"Data file '{source}' is empty: it needs a header row naming the columns, then one row per observation.");
            names = ReadHeader(parser, source);
            int dataRow = 0;
            while (parser.Read())
            {
                dataRow++;
                if (parser.Count != names.Count)
                    throw new InputException(
                        $"Data file '{source}', row {dataRow} (line {parser.RawRow}): {parser.Count} field{(parser.Count == 1 ? "" : "s")} where the header has {names.Count}; every row needs one value per column (use NA for a missing value)."
                        + DelimiterHint(names));
                var row = new string?[names.Count];
                var q = new bool[names.Count];
                for (int j = 0; j < names.Count; j++)
                {
                    var text = parser[j];
                    q[j] = parser.IsQuoted(j);
                    row[j] = NumberText.IsMissing(text) ? null : text;
                }
                cells.Add(row);
                quoted.Add(q);
            }
        }
        catch (CsvHelperException e)
        {
            throw new InputException($"Data file '{source}' is not valid CSV: {FirstLine(e.Message)}", e);
        }
        if (cells.Count == 0)
            throw new InputException($"Data file '{source}' has a header but no data rows.");

        var declared = new HashSet<string>(factors ?? [], StringComparer.Ordinal);
        foreach (var f in declared)
            if (!names.Contains(f, StringComparer.Ordinal))
                throw new InputException($"Factor '{f}' is not a column of '{source}'. Columns: {string.Join(", ", names)}.");

        var columns = new DataColumn[names.Count];
        for (int j = 0; j < names.Count; j++)
            columns[j] = BuildColumn(names[j], j, cells, quoted, declared.Contains(names[j]));
        return new DataTable(columns, source);
    }

    private static List<string> ReadHeader(QuoteAwareParser parser, string source)
    {
        var names = new List<string>(parser.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < parser.Count; j++)
        {
            var name = parser[j].Trim();
            if (name.Length == 0) name = j == 0 ? "X" : $"X.{j}";   // R names an unnamed (row-name) column X
            if (!seen.Add(name))
                throw new InputException($"Data file '{source}': the header names column '{name}' twice; column names must be unique.");
            names.Add(name);
        }
        return names;
    }

    private static DataColumn BuildColumn(string name, int j, List<string?[]> cells, List<bool[]> quoted, bool declared)
    {
        int n = cells.Count;
        var raw = new string?[n];
        var numbers = new double[n];
        bool categorical = declared;
        for (int i = 0; i < n; i++)
        {
            var text = cells[i][j];
            raw[i] = text;
            if (text is null) { numbers[i] = double.NaN; continue; }
            if (quoted[i][j]) categorical = true;
            if (!NumberText.TryParse(text, out numbers[i])) { numbers[i] = double.NaN; categorical = true; }
        }
        var codes = new int[n];
        Array.Fill(codes, -1);
        if (!categorical)
            return new DataColumn(name, false, numbers, [], codes, raw);
        var levels = LevelOrder.Sort(raw.Where(r => r is not null)!);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < levels.Count; k++) index[levels[k]] = k;
        for (int i = 0; i < n; i++)
            if (raw[i] is { } r) codes[i] = index[r];
        return new DataColumn(name, true, numbers, levels, codes, raw, declared);
    }

    // A one-column header holding tabs or semicolons means the file is not comma-separated.
    private static string DelimiterHint(List<string> names) =>
        names.Count != 1 ? ""
        : names[0].Contains('\t') ? " The header holds tabs: the file seems tab-separated, but fields must be separated by commas."
        : names[0].Contains(';') ? " The header holds semicolons: the file seems semicolon-separated, but fields must be separated by commas."
        : "";

    private static string FirstLine(string message)
    {
        int k = message.IndexOfAny(['\r', '\n']);
        return k < 0 ? message : message[..k];
    }

    /// <summary>CsvHelper's RFC 4180 parser, noting which fields of the current record were quoted.</summary>
    private sealed class QuoteAwareParser(TextReader reader, CsvConfiguration config) : CsvParser(reader, config)
    {
        private bool[] _quoted = [];

        /// <summary>Whether field <paramref name="index"/> of the current record was written in quotes.</summary>
        public bool IsQuoted(int index) => index < _quoted.Length && _quoted[index];

        /// <summary>Reads the next record and notes its quoted fields.</summary>
        public new bool Read()
        {
            if (!base.Read()) return false;
            _quoted = QuotedFields(RawRecord, Count);
            return true;
        }

        // CsvHelper gives the field values; whether a field was quoted is read from the record's raw text:
        // a field is quoted when its first character is the quote (RFC 4180 §2.5), and a quoted field runs to
        // the closing quote, "" standing for one quote (§2.7).
        private static bool[] QuotedFields(string raw, int count)
        {
            var quoted = new bool[count];
            int i = 0;
            for (int f = 0; f < count && i <= raw.Length; f++)
            {
                if (i < raw.Length && raw[i] == '"')
                {
                    quoted[f] = true;
                    i++;
                    while (i < raw.Length)
                    {
                        if (raw[i] == '"')
                        {
                            if (i + 1 < raw.Length && raw[i + 1] == '"') { i += 2; continue; }
                            i++;
                            break;
                        }
                        i++;
                    }
                }
                while (i < raw.Length && raw[i] != ',') i++;
                i++;
            }
            return quoted;
        }
    }
}
