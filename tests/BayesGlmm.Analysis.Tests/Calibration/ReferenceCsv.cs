// Reads the small R-written CSV reference files (quoted strings, no embedded commas) into rows by column name.
using System.Globalization;

namespace BayesGlmm.Analysis.Tests.Calibration;

internal sealed class ReferenceCsv
{
    private readonly Dictionary<string, int> _columns;

    private ReferenceCsv(string[] header, List<string[]> rows)
    {
        _columns = header.Select((h, i) => (h, i)).ToDictionary(t => t.h, t => t.i);
        Rows = rows;
    }

    public IReadOnlyList<string[]> Rows { get; }

    public static ReferenceCsv Read(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Reference", "sbc", file);
        string[] lines = File.ReadAllLines(path);
        string[] header = Split(lines[0]);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(Split).ToList();
        return new ReferenceCsv(header, rows);
    }

    public string Text(string[] row, string column) => row[_columns[column]];

    public double Number(string[] row, string column)
    {
        string s = Text(row, column);
        return s == "NA" ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
    }

    public int Integer(string[] row, string column) => int.Parse(Text(row, column), CultureInfo.InvariantCulture);

    public IEnumerable<string[]> Where(string column, string value) => Rows.Where(r => Text(r, column) == value);

    private static string[] Split(string line) => line.Split(',').Select(f => f.Trim('"')).ToArray();
}
