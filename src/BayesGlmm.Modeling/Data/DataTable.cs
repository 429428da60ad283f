// A data table read from a CSV file: named numeric and categorical columns of equal length.
namespace BayesGlmm.Modeling.Data;

/// <summary>A rectangular data set with named columns, as read from a CSV file with a header.</summary>
public sealed class DataTable
{
    private readonly Dictionary<string, DataColumn> _byName;

    /// <summary>Creates a table from columns of equal length.</summary>
    public DataTable(IReadOnlyList<DataColumn> columns, string sourcePath = "")
    {
        int rows = columns.Count == 0 ? 0 : columns[0].RowCount;
        _byName = new Dictionary<string, DataColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.RowCount != rows) throw new ArgumentException($"Column '{c.Name}' has {c.RowCount} rows, expected {rows}.");
            if (!_byName.TryAdd(c.Name, c)) throw new ArgumentException($"Duplicate column '{c.Name}'.");
        }
        Columns = columns;
        RowCount = rows;
        SourcePath = sourcePath;
    }

    /// <summary>
    /// Reads a CSV file with a header row (see <see cref="CsvTableReader"/> for the rules). Columns named in
    /// <paramref name="factors"/> are categorical whatever their content. Throws <see cref="InputException"/>
    /// naming the file (and row) for a missing, unreadable, empty or ragged file or an unknown factor name.
    /// </summary>
    public static DataTable ReadCsv(string path, IReadOnlyCollection<string>? factors = null) =>
        CsvTableReader.Read(path, factors);

    /// <summary>
    /// Reads CSV text (for tests and in-memory data); <paramref name="sourceName"/> names it in messages.
    /// </summary>
    public static DataTable ParseCsv(string text, string sourceName = "data", IReadOnlyCollection<string>? factors = null)
    {
        using var reader = new StringReader(text);
        return CsvTableReader.Read(reader, sourceName, factors);
    }

    /// <summary>The file the table was read from ("" when built in memory).</summary>
    public string SourcePath { get; }

    /// <summary>The number of data rows (the header is not a row).</summary>
    public int RowCount { get; }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<DataColumn> Columns { get; }

    /// <summary>The column named <paramref name="name"/> (exact, case-sensitive), or null.</summary>
    public DataColumn? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The name used for the table in messages: its file name, or "the data".</summary>
    public string DisplayName => SourcePath.Length == 0 ? "the data" : SourcePath;
}
