// A dense matrix stored column by column, the layout of the design matrices.
namespace BayesGlmm.Modeling.Frames;

/// <summary>A dense rows x columns matrix stored column-major: element (i, j) is <c>Values[j * Rows + i]</c>.</summary>
public sealed class ColumnMajorMatrix
{
    /// <summary>Wraps <paramref name="values"/> (length rows * columns, column-major) without copying.</summary>
    public ColumnMajorMatrix(int rows, int columns, double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (values.Length != rows * columns)
            throw new ArgumentException($"Expected {rows * columns} values, got {values.Length}.", nameof(values));
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    /// <summary>An all-zero matrix.</summary>
    public ColumnMajorMatrix(int rows, int columns) : this(rows, columns, new double[rows * columns]) { }

    /// <summary>The number of rows (observations).</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The elements, column after column.</summary>
    public double[] Values { get; }

    /// <summary>Element (row, column).</summary>
    public double this[int row, int column]
    {
        get => Values[column * Rows + row];
        set => Values[column * Rows + row] = value;
    }

    /// <summary>Column <paramref name="column"/> as a span.</summary>
    public Span<double> Column(int column) => Values.AsSpan(column * Rows, Rows);

    /// <summary>The rows selected by <paramref name="rows"/>, in that order.</summary>
    public ColumnMajorMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var result = new ColumnMajorMatrix(rows.Length, Columns);
        for (int j = 0; j < Columns; j++)
        {
            var src = Column(j);
            var dst = result.Column(j);
            for (int i = 0; i < rows.Length; i++) dst[i] = src[rows[i]];
        }
        return result;
    }
}
