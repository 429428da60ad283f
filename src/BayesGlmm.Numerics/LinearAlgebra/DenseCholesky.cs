// The dense Cholesky factorization, for patterns small enough that zeros cost less than indirection.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// <see cref="ICholeskyFactor"/> on a dense row-major lower triangle (no reordering): A = L Lᵀ column by column
/// (Golub &amp; Van Loan 2013, Algorithm 4.2.2), the inverse by the same recursion as the sparse selected inverse.
/// </summary>
public sealed class DenseCholesky : ICholeskyFactor
{
    private readonly int _n;
    private readonly double[] _l;        // row-major n × n, lower triangle
    private readonly double[] _inverse;  // row-major n × n, full
    private readonly int[] _entryRow;
    private readonly int[] _entryColumn;

    /// <summary>A factor for <paramref name="pattern"/> (which may be sparse; its zeros are stored).</summary>
    public DenseCholesky(SymmetricPattern pattern)
    {
        Pattern = pattern;
        _n = pattern.Size;
        _l = new double[_n * _n];
        _inverse = new double[_n * _n];
        _entryRow = pattern.RowIndex;
        _entryColumn = new int[pattern.EntryCount];
        for (int j = 0; j < _n; j++)
            for (int e = pattern.ColumnStart[j]; e < pattern.ColumnStart[j + 1]; e++) _entryColumn[e] = j;
    }

    /// <inheritdoc />
    public SymmetricPattern Pattern { get; }

    /// <inheritdoc />
    public long FactorEntryCount => (long)_n * (_n + 1) / 2;

    /// <inheritdoc />
    public double LogDeterminant { get; private set; } = double.NaN;

    /// <inheritdoc />
    public bool TryFactor(ReadOnlySpan<double> values)
    {
        int n = _n;
        var l = _l;
        Array.Clear(l);
        for (int e = 0; e < _entryRow.Length; e++) l[_entryRow[e] * n + _entryColumn[e]] = values[e];
        var determinant = new PivotProduct();
        if (!DenseCholeskyKernels.Factor(l, n, ref determinant))
        {
            LogDeterminant = double.NaN;
            return false;
        }
        LogDeterminant = determinant.Log;
        return true;
    }

    /// <inheritdoc />
    public void Solve(Span<double> x)
    {
        DenseCholeskyKernels.ForwardSolve(_l, _n, x);
        DenseCholeskyKernels.BackSolve(_l, _n, x);
    }

    /// <inheritdoc />
    public void SolveTransposedFactor(Span<double> x) => DenseCholeskyKernels.BackSolve(_l, _n, x);

    /// <inheritdoc />
    /// <remarks>The whole inverse by Takahashi's recursion (see <see cref="SparseCholesky.SelectedInverse"/>), then the pattern's entries.</remarks>
    public void SelectedInverse(Span<double> inverse)
    {
        int n = _n;
        var s = _inverse;
        DenseCholeskyKernels.Invert(_l, n, s);
        for (int e = 0; e < _entryRow.Length; e++) inverse[e] = s[_entryRow[e] * n + _entryColumn[e]];
    }
}
