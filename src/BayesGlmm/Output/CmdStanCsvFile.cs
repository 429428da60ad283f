// The contents of one CmdStan CSV file: configuration, columns, warmup and sampling rows, adaptation, timing.
namespace BayesGlmm.Output;

/// <summary>One chain read from a CmdStan CSV file (written by CmdStan or by this program).</summary>
public sealed class CmdStanCsvFile
{
    /// <summary>The file read.</summary>
    public required string Path { get; init; }

    /// <summary>The <c>key = value</c> pairs of the comment header (the first occurrence of each key, "(Default)" removed).</summary>
    public required IReadOnlyDictionary<string, string> Configuration { get; init; }

    /// <summary>The column names of the header row.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Warmup rows (only when the file was written with save_warmup), row-major.</summary>
    public required double[] Warmup { get; init; }

    /// <summary>The number of warmup rows.</summary>
    public int WarmupRowCount => Columns.Count == 0 ? 0 : Warmup.Length / Columns.Count;

    /// <summary>The sampling rows, row-major (row * column count + column).</summary>
    public required double[] Rows { get; init; }

    /// <summary>The number of sampling rows.</summary>
    public int RowCount => Columns.Count == 0 ? 0 : Rows.Length / Columns.Count;

    /// <summary>The adapted step size, or NaN when the file has no adaptation block.</summary>
    public double StepSize { get; init; } = double.NaN;

    /// <summary>The adapted inverse metric (d values for diagonal, d*d row-major for dense), or empty.</summary>
    public double[] InverseMetric { get; init; } = [];

    /// <summary>True when the inverse metric is dense.</summary>
    public bool DenseMetric { get; init; }

    /// <summary>The warmup time from the footer, or null.</summary>
    public TimeSpan? WarmupTime { get; init; }

    /// <summary>The sampling time from the footer, or null.</summary>
    public TimeSpan? SamplingTime { get; init; }

    /// <summary>True when the file's last row was cut short (a run killed while writing it) and left out.</summary>
    public bool Truncated { get; init; }

    /// <summary>The index of a column, or -1.</summary>
    public int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Count; i++) if (Columns[i] == column) return i;
        return -1;
    }

    /// <summary>A copy of one column's sampling draws.</summary>
    public double[] Column(int column)
    {
        int n = RowCount, k = Columns.Count;
        var result = new double[n];
        for (int r = 0; r < n; r++) result[r] = Rows[r * k + column];
        return result;
    }

    /// <summary>A copy of one column's sampling draws by name; throws when there is no such column.</summary>
    public double[] Column(string column)
    {
        int c = IndexOf(column);
        if (c < 0) throw new KeyNotFoundException($"{Path} has no column '{column}'.");
        return Column(c);
    }
}
