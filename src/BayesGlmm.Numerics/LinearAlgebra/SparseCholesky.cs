// The sparse Cholesky factorization: symbolic analysis once per pattern and order, numeric up-looking factorization, solves and the selected inverse.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// <see cref="ICholeskyFactor"/> for a sparse pattern under a fixed elimination order P (Davis 2006, <em>Direct
/// Methods for Sparse Linear Systems</em>, ch. 4). The constructor does the symbolic work once: the elimination
/// tree of C = P A Pᵀ (Liu's algorithm, Davis §4.1), the pattern of every row of L as the tree reach of the
/// column of C's upper triangle (ereach, §4.1), and from those the pattern of L with the storage slot of every
/// entry. <see cref="TryFactor"/> is then the up-looking factorization (Davis §4.2, cs_chol) replayed over the
/// stored row patterns: row k of L solves L₀:k,₀:k x = C₀:k,k, no search and no allocation.
/// </summary>
public sealed class SparseCholesky : ICholeskyFactor
{
    private readonly int _n;
    private readonly int[] _order;          // P: node eliminated k-th
    private readonly int[] _entryToC;       // pattern entry -> slot of C (upper triangle of P A Pᵀ, by columns)
    private readonly int[] _cStart;
    private readonly int[] _cRow;
    private readonly double[] _cValues;
    private readonly int[] _lStart;         // L by columns, rows increasing, diagonal first
    private readonly int[] _lRow;
    private readonly double[] _lValues;
    private readonly int[] _rowStart;       // row k of L (strict lower part), in topological order:
    private readonly int[] _rowColumn;      //   its columns i
    private readonly int[] _rowSlot;        //   and the slot of L(k, i)
    private readonly int[] _entryToL;       // pattern entry -> slot of L
    private readonly double[] _work;
    private readonly double[] _inverse;     // A⁻¹ (permuted) on L's pattern
    private readonly double[] _lColumn;
    private readonly double[] _accumulator;
    private readonly int[] _mark;

    /// <summary>The symbolic factorization of <paramref name="pattern"/> under <paramref name="order"/> (order[k] = the node eliminated k-th).</summary>
    public SparseCholesky(SymmetricPattern pattern, int[] order)
    {
        Pattern = pattern;
        int n = _n = pattern.Size;
        if (order.Length != n) throw new ArgumentException($"The order has {order.Length} entries for a {n} × {n} pattern.", nameof(order));
        _order = (int[])order.Clone();
        var inverseOrder = new int[n];
        Array.Fill(inverseOrder, -1);
        for (int k = 0; k < n; k++)
        {
            if ((uint)order[k] >= (uint)n || inverseOrder[order[k]] >= 0) throw new ArgumentException("The order is not a permutation.", nameof(order));
            inverseOrder[order[k]] = k;
        }

        // C = upper triangle of P A Pᵀ by columns, with the map from A's entries.
        int entries = pattern.EntryCount;
        var entryRow = new int[entries];
        var entryColumn = new int[entries];
        _cStart = new int[n + 1];
        for (int j = 0; j < n; j++)
            for (int e = pattern.ColumnStart[j]; e < pattern.ColumnStart[j + 1]; e++)
            {
                int a = inverseOrder[pattern.RowIndex[e]], b = inverseOrder[j];
                entryRow[e] = Math.Min(a, b);
                entryColumn[e] = Math.Max(a, b);
                _cStart[entryColumn[e] + 1]++;
            }
        for (int j = 0; j < n; j++) _cStart[j + 1] += _cStart[j];
        _cRow = new int[entries];
        _cValues = new double[entries];
        _entryToC = new int[entries];
        var fill = (int[])_cStart.Clone();
        for (int e = 0; e < entries; e++)
        {
            int slot = fill[entryColumn[e]]++;
            _cRow[slot] = entryRow[e];
            _entryToC[e] = slot;
        }

        // Elimination tree (Liu 1986; Davis 2006, cs_etree) with path compression.
        var parent = new int[n];
        var ancestor = new int[n];
        for (int k = 0; k < n; k++)
        {
            parent[k] = -1;
            ancestor[k] = -1;
            for (int p = _cStart[k]; p < _cStart[k + 1]; p++)
            {
                int i = _cRow[p];
                while (i != -1 && i < k)
                {
                    int up = ancestor[i];
                    ancestor[i] = k;
                    if (up == -1) parent[i] = k;
                    i = up;
                }
            }
        }

        // Row patterns by tree reach (Davis 2006, cs_ereach), in topological order.
        var mark = new int[n];
        var stack = new int[n];
        var path = new int[n];
        var rowStart = new int[n + 1];
        var rowColumns = new List<int>();
        var columnCount = new int[n];
        for (int k = 0; k < n; k++)
        {
            int stamp = k + 1, top = n;
            mark[k] = stamp;
            for (int p = _cStart[k]; p < _cStart[k + 1]; p++)
            {
                int i = _cRow[p];
                if (i >= k) continue;
                int length = 0;
                for (; mark[i] != stamp; i = parent[i])
                {
                    path[length++] = i;
                    mark[i] = stamp;
                }
                while (length > 0) stack[--top] = path[--length];
            }
            rowStart[k] = rowColumns.Count;
            for (int t = top; t < n; t++)
            {
                rowColumns.Add(stack[t]);
                columnCount[stack[t]]++;
            }
        }
        rowStart[n] = rowColumns.Count;
        _rowStart = rowStart;
        _rowColumn = rowColumns.ToArray();

        // The pattern of L and the slot of every L(k, i), filled row by row so each column's rows increase.
        _lStart = new int[n + 1];
        for (int i = 0; i < n; i++) _lStart[i + 1] = _lStart[i] + columnCount[i] + 1;
        _lRow = new int[_lStart[n]];
        _lValues = new double[_lStart[n]];
        _rowSlot = new int[_rowColumn.Length];
        var next = new int[n];
        for (int i = 0; i < n; i++)
        {
            _lRow[_lStart[i]] = i;
            next[i] = _lStart[i] + 1;
        }
        for (int k = 0; k < n; k++)
            for (int t = _rowStart[k]; t < _rowStart[k + 1]; t++)
            {
                int slot = next[_rowColumn[t]]++;
                _lRow[slot] = k;
                _rowSlot[t] = slot;
            }

        _entryToL = new int[entries];
        for (int e = 0; e < entries; e++)
        {
            int column = entryRow[e], row = entryColumn[e]; // L is lower: (max, min) of the permuted pair
            int found = Array.BinarySearch(_lRow, _lStart[column], _lStart[column + 1] - _lStart[column], row);
            if (found < 0) throw new InvalidOperationException("The pattern of L misses an entry of A; the symbolic factorization is wrong.");
            _entryToL[e] = found;
        }
        _work = new double[n];
        _inverse = new double[_lRow.Length];
        _lColumn = new double[n];
        _accumulator = new double[n];
        _mark = new int[n];
    }

    /// <inheritdoc />
    public SymmetricPattern Pattern { get; }

    /// <inheritdoc />
    public long FactorEntryCount => _lRow.Length;

    /// <summary>The elimination order (order[k] = the node eliminated k-th).</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <inheritdoc />
    public double LogDeterminant { get; private set; } = double.NaN;

    /// <inheritdoc />
    public bool TryFactor(ReadOnlySpan<double> values)
    {
        int n = _n;
        var c = _cValues;
        for (int e = 0; e < _entryToC.Length; e++) c[_entryToC[e]] = values[e];
        var x = _work;
        var lx = _lValues;
        var li = _lRow;
        var determinant = new PivotProduct();
        for (int k = 0; k < n; k++)
        {
            for (int p = _cStart[k]; p < _cStart[k + 1]; p++) x[_cRow[p]] = c[p];
            double d = x[k];
            x[k] = 0;
            for (int t = _rowStart[k]; t < _rowStart[k + 1]; t++)
            {
                int i = _rowColumn[t], slot = _rowSlot[t];
                double lki = x[i] / lx[_lStart[i]];
                x[i] = 0;
                for (int p = _lStart[i] + 1; p < slot; p++) x[li[p]] -= lx[p] * lki;
                d -= lki * lki;
                lx[slot] = lki;
            }
            if (!(d > 0) || !double.IsFinite(d))
            {
                Array.Clear(x);
                LogDeterminant = double.NaN;
                return false;
            }
            double lkk = Math.Sqrt(d);
            lx[_lStart[k]] = lkk;
            determinant.Multiply(d);
        }
        LogDeterminant = determinant.Log;
        return true;
    }

    /// <inheritdoc />
    public void Solve(Span<double> x)
    {
        var y = _work;
        for (int k = 0; k < _n; k++) y[k] = x[_order[k]];
        ForwardSolve(y);
        BackSolve(y);
        for (int k = 0; k < _n; k++) x[_order[k]] = y[k];
        Array.Clear(y);
    }

    /// <inheritdoc />
    public void SolveTransposedFactor(Span<double> x)
    {
        var y = _work;
        x[.._n].CopyTo(y);
        BackSolve(y);
        for (int k = 0; k < _n; k++) x[_order[k]] = y[k];
        Array.Clear(y);
    }

    private void ForwardSolve(double[] y)
    {
        var lx = _lValues;
        for (int j = 0; j < _n; j++)
        {
            int start = _lStart[j];
            double v = y[j] /= lx[start];
            for (int p = start + 1; p < _lStart[j + 1]; p++) y[_lRow[p]] -= lx[p] * v;
        }
    }

    private void BackSolve(double[] y)
    {
        var lx = _lValues;
        for (int j = _n - 1; j >= 0; j--)
        {
            int start = _lStart[j];
            double s = y[j];
            for (int p = start + 1; p < _lStart[j + 1]; p++) s -= lx[p] * y[_lRow[p]];
            y[j] = s / lx[start];
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Takahashi, Fagan &amp; Chin (1973); Rue &amp; Martino (2007, J. Stat. Plan. Inference 137:3177–3192, §2): with
    /// Σ = (L Lᵀ)⁻¹ and R_i the rows below the diagonal of column i of L, for i = n−1 down to 0
    /// <code>Σ_ji = −(1/L_ii) Σ_{k ∈ R_i} Σ_jk L_ki  (j ∈ R_i),     Σ_ii = (1/L_ii − Σ_{k ∈ R_i} L_ki Σ_ki) / L_ii.</code>
    /// Every Σ_jk needed lies in the pattern of L (R_i is a clique of the filled graph), so Σ is computed on L's
    /// pattern only; the sum over k is a symmetric product with the stored lower triangle, column j by column j.
    /// </remarks>
    public void SelectedInverse(Span<double> inverse)
    {
        var s = _inverse;
        var lx = _lValues;
        var li = _lRow;
        var lcol = _lColumn;
        var acc = _accumulator;
        var mark = _mark;
        Array.Clear(mark);
        for (int i = _n - 1; i >= 0; i--)
        {
            int start = _lStart[i], end = _lStart[i + 1], stamp = i + 1;
            double lii = lx[start];
            for (int p = start + 1; p < end; p++)
            {
                int k = li[p];
                lcol[k] = lx[p];
                acc[k] = 0;
                mark[k] = stamp;
            }
            for (int p = start + 1; p < end; p++)
            {
                int j = li[p];
                double ljj = lcol[j];
                int js = _lStart[j];
                double a = s[js] * ljj;
                for (int q = js + 1; q < _lStart[j + 1]; q++)
                {
                    int r = li[q];
                    if (mark[r] != stamp) continue;
                    a += s[q] * lcol[r];
                    acc[r] += s[q] * ljj;
                }
                acc[j] += a;
            }
            double diagonal = 1.0 / lii;
            for (int p = start + 1; p < end; p++)
            {
                double v = -acc[li[p]] / lii;
                s[p] = v;
                diagonal -= lx[p] * v;
            }
            s[start] = diagonal / lii;
        }
        for (int e = 0; e < _entryToL.Length; e++) inverse[e] = s[_entryToL[e]];
    }
}
