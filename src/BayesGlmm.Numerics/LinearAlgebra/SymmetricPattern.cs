// The nonzero pattern of a symmetric matrix: its lower triangle in compressed-column form, diagonal included.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// The structure of a symmetric n × n matrix, stored as the lower triangle (row ≥ column) column by column:
/// entry e of column j has row <c>RowIndex[e]</c> for e in [<c>ColumnStart[j]</c>, <c>ColumnStart[j + 1]</c>),
/// rows strictly increasing, the diagonal always present and first. A values array of length
/// <see cref="EntryCount"/> laid out the same way is the matrix the factorizations take.
/// </summary>
public sealed class SymmetricPattern
{
    private SymmetricPattern(int size, int[] columnStart, int[] rowIndex)
    {
        Size = size;
        ColumnStart = columnStart;
        RowIndex = rowIndex;
    }

    /// <summary>n.</summary>
    public int Size { get; }

    /// <summary>Column j's entries are [ColumnStart[j], ColumnStart[j + 1]); length n + 1.</summary>
    public int[] ColumnStart { get; }

    /// <summary>The row of each entry (≥ its column), increasing within a column, the diagonal first.</summary>
    public int[] RowIndex { get; }

    /// <summary>The number of stored (lower-triangle) entries.</summary>
    public int EntryCount => RowIndex.Length;

    /// <summary>
    /// The pattern holding the diagonal and every given pair (i, j) (either order; duplicates allowed).
    /// </summary>
    public static SymmetricPattern FromEntries(int size, IEnumerable<(int Row, int Column)> entries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var columns = new List<int>[size];
        for (int j = 0; j < size; j++) columns[j] = [j];
        foreach (var (a, b) in entries)
        {
            if ((uint)a >= (uint)size || (uint)b >= (uint)size) throw new ArgumentOutOfRangeException(nameof(entries), $"Entry ({a}, {b}) is outside a {size} × {size} matrix.");
            int row = Math.Max(a, b), column = Math.Min(a, b);
            if (row != column) columns[column].Add(row);
        }
        var start = new int[size + 1];
        var rows = new List<int>();
        for (int j = 0; j < size; j++)
        {
            var c = columns[j];
            c.Sort();
            start[j] = rows.Count;
            for (int e = 0; e < c.Count; e++)
                if (e == 0 || c[e] != c[e - 1]) rows.Add(c[e]);
        }
        start[size] = rows.Count;
        return new SymmetricPattern(size, start, rows.ToArray());
    }

    /// <summary>The full lower triangle of an n × n matrix.</summary>
    public static SymmetricPattern Dense(int size)
    {
        var start = new int[size + 1];
        var rows = new int[size * (size + 1) / 2];
        int e = 0;
        for (int j = 0; j < size; j++)
        {
            start[j] = e;
            for (int i = j; i < size; i++) rows[e++] = i;
        }
        start[size] = e;
        return new SymmetricPattern(size, start, rows);
    }

    /// <summary>The index of entry (i, j) (either order) in a values array, or −1 when it is not in the pattern.</summary>
    public int IndexOf(int i, int j)
    {
        int row = Math.Max(i, j), column = Math.Min(i, j);
        int lo = ColumnStart[column], hi = ColumnStart[column + 1];
        int found = Array.BinarySearch(RowIndex, lo, hi - lo, row);
        return found >= 0 ? found : -1;
    }

    /// <summary>For every node, its neighbours (both triangles, no diagonal): the graph that orderings work on.</summary>
    public int[][] Adjacency()
    {
        var degree = new int[Size];
        for (int j = 0; j < Size; j++)
            for (int e = ColumnStart[j] + 1; e < ColumnStart[j + 1]; e++) { degree[j]++; degree[RowIndex[e]]++; }
        var adjacency = new int[Size][];
        for (int j = 0; j < Size; j++) adjacency[j] = new int[degree[j]];
        Array.Clear(degree);
        for (int j = 0; j < Size; j++)
            for (int e = ColumnStart[j] + 1; e < ColumnStart[j + 1]; e++)
            {
                int i = RowIndex[e];
                adjacency[j][degree[j]++] = i;
                adjacency[i][degree[i]++] = j;
            }
        return adjacency;
    }
}
