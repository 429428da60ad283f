// The Cholesky factorization of a matrix made of small independent blocks (one grouping factor's levels): each block dense on its own.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// <see cref="ICholeskyFactor"/> for a pattern whose graph falls apart into small connected components — the blocks of a
/// symmetric permutation of A to block-diagonal form, such as the K × K blocks of I + ΛᵀZᵀZΛ for one grouping factor, or a
/// nested factor's level with its sublevels. No fill crosses a component (a zero block stays zero in L, Golub &amp; Van Loan
/// 2013, §4.3.5), so each block of k rows is factored densely on its own, L_b L_bᵀ = A_b (Algorithm 4.2.2), and its
/// inverse is the whole selected inverse of that block (Takahashi, Fagan &amp; Chin 1973, dense form): O(Σ_b k_b³) work
/// in all, with direct addressing inside a block and nothing allocated per factorization.
/// The order P lists the blocks one after another, each block's rows in increasing order.
/// </summary>
public sealed class BlockDiagonalCholesky : ICholeskyFactor
{
    private readonly int _n;
    private readonly int[] _blockStart;    // block b holds positions [start[b], start[b + 1]) of P
    private readonly int[] _denseStart;    // its k × k row-major storage starts here
    private readonly int[] _member;        // P: the row of A at each position
    private readonly int[] _entryToDense;  // pattern entry -> slot of its block's storage (lower triangle)
    private readonly double[] _l;
    private readonly double[] _inverse;
    private readonly double[] _work;

    /// <summary>The factor for <paramref name="pattern"/> over its connected components <paramref name="component"/> (component of each row, 0-based, dense labels).</summary>
    private BlockDiagonalCholesky(SymmetricPattern pattern, int[] component, int components)
    {
        Pattern = pattern;
        int n = _n = pattern.Size;
        _blockStart = new int[components + 1];
        for (int i = 0; i < n; i++) _blockStart[component[i] + 1]++;
        for (int b = 0; b < components; b++) _blockStart[b + 1] += _blockStart[b];
        _member = new int[n];
        var position = new int[n];
        var next = (int[])_blockStart.Clone();
        for (int i = 0; i < n; i++)
        {
            position[i] = next[component[i]]++;
            _member[position[i]] = i;
        }
        _denseStart = new int[components + 1];
        for (int b = 0; b < components; b++)
        {
            int k = _blockStart[b + 1] - _blockStart[b];
            _denseStart[b + 1] = _denseStart[b] + k * k;
        }
        _entryToDense = new int[pattern.EntryCount];
        for (int j = 0; j < n; j++)
            for (int e = pattern.ColumnStart[j]; e < pattern.ColumnStart[j + 1]; e++)
            {
                int b = component[j], first = _blockStart[b], k = _blockStart[b + 1] - first;
                int r = position[pattern.RowIndex[e]] - first, c = position[j] - first;
                _entryToDense[e] = _denseStart[b] + Math.Max(r, c) * k + Math.Min(r, c);
            }
        _l = new double[_denseStart[components]];
        _inverse = new double[_denseStart[components]];
        _work = new double[n];
        BlockCount = components;
        long entries = 0;
        for (int b = 0; b < components; b++)
        {
            long k = _blockStart[b + 1] - _blockStart[b];
            entries += k * (k + 1) / 2;
        }
        FactorEntryCount = entries;
    }

    /// <summary>
    /// The factor for <paramref name="pattern"/> when every connected component of its graph has at most
    /// <paramref name="largestBlock"/> rows, else null.
    /// </summary>
    public static BlockDiagonalCholesky? TryCreate(SymmetricPattern pattern, int largestBlock)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        int n = pattern.Size;
        // Union–find with path halving over the pattern's off-diagonal entries (Tarjan 1975, J. ACM 22:215–225).
        var parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        for (int j = 0; j < n; j++)
            for (int e = pattern.ColumnStart[j] + 1; e < pattern.ColumnStart[j + 1]; e++)
            {
                int a = Find(pattern.RowIndex[e]), b = Find(j);
                if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        var label = new int[n];
        var size = new List<int>();
        var component = new int[n];
        Array.Fill(label, -1);
        for (int i = 0; i < n; i++)
        {
            int root = Find(i);
            if (label[root] < 0)
            {
                label[root] = size.Count;
                size.Add(0);
            }
            component[i] = label[root];
            if (++size[component[i]] > largestBlock) return null;
        }
        return new BlockDiagonalCholesky(pattern, component, size.Count);
    }

    /// <inheritdoc />
    public SymmetricPattern Pattern { get; }

    /// <summary>The number of independent blocks.</summary>
    public int BlockCount { get; }

    /// <inheritdoc />
    public long FactorEntryCount { get; }

    /// <inheritdoc />
    public double LogDeterminant { get; private set; } = double.NaN;

    /// <inheritdoc />
    public bool TryFactor(ReadOnlySpan<double> values)
    {
        var l = _l;
        Array.Clear(l);
        for (int e = 0; e < _entryToDense.Length; e++) l[_entryToDense[e]] = values[e];
        var determinant = new PivotProduct();
        for (int b = 0; b < BlockCount; b++)
        {
            int k = _blockStart[b + 1] - _blockStart[b];
            if (!DenseCholeskyKernels.Factor(l.AsSpan(_denseStart[b], k * k), k, ref determinant))
            {
                LogDeterminant = double.NaN;
                return false;
            }
        }
        LogDeterminant = determinant.Log;
        return true;
    }

    /// <inheritdoc />
    public void Solve(Span<double> x)
    {
        var y = _work;
        for (int p = 0; p < _n; p++) y[p] = x[_member[p]];
        for (int b = 0; b < BlockCount; b++)
        {
            int first = _blockStart[b], k = _blockStart[b + 1] - first;
            var lb = _l.AsSpan(_denseStart[b], k * k);
            var yb = y.AsSpan(first, k);
            DenseCholeskyKernels.ForwardSolve(lb, k, yb);
            DenseCholeskyKernels.BackSolve(lb, k, yb);
        }
        for (int p = 0; p < _n; p++) x[_member[p]] = y[p];
    }

    /// <inheritdoc />
    public void SolveTransposedFactor(Span<double> x)
    {
        var y = _work;
        x[.._n].CopyTo(y);
        for (int b = 0; b < BlockCount; b++)
        {
            int first = _blockStart[b], k = _blockStart[b + 1] - first;
            DenseCholeskyKernels.BackSolve(_l.AsSpan(_denseStart[b], k * k), k, y.AsSpan(first, k));
        }
        for (int p = 0; p < _n; p++) x[_member[p]] = y[p];
    }

    /// <inheritdoc />
    /// <remarks>Each block's whole inverse by Takahashi's recursion (see <see cref="SparseCholesky.SelectedInverse"/>); the blocks between components are zero.</remarks>
    public void SelectedInverse(Span<double> inverse)
    {
        for (int b = 0; b < BlockCount; b++)
        {
            int k = _blockStart[b + 1] - _blockStart[b], o = _denseStart[b];
            DenseCholeskyKernels.Invert(_l.AsSpan(o, k * k), k, _inverse.AsSpan(o, k * k));
        }
        var s = _inverse;
        for (int e = 0; e < _entryToDense.Length; e++) inverse[e] = s[_entryToDense[e]];
    }
}
