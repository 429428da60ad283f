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
        double logDet = 0;
        for (int j = 0; j < n; j++)
        {
            int rj = j * n;
            double d = l[rj + j];
            for (int k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
            if (!(d > 0) || !double.IsFinite(d))
            {
                LogDeterminant = double.NaN;
                return false;
            }
            double ljj = Math.Sqrt(d);
            l[rj + j] = ljj;
            logDet += Math.Log(ljj);
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < n; i++)
            {
                int ri = i * n;
                double s = l[ri + j];
                for (int k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
                l[ri + j] = s * inv;
            }
        }
        LogDeterminant = 2 * logDet;
        return true;
    }

    /// <inheritdoc />
    public void Solve(Span<double> x)
    {
        ForwardSolve(x);
        BackSolve(x);
    }

    /// <inheritdoc />
    public void SolveTransposedFactor(Span<double> x) => BackSolve(x);

    private void ForwardSolve(Span<double> x)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
        {
            double s = x[i];
            int ri = i * n;
            for (int k = 0; k < i; k++) s -= _l[ri + k] * x[k];
            x[i] = s / _l[ri + i];
        }
    }

    private void BackSolve(Span<double> x)
    {
        int n = _n;
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int k = i + 1; k < n; k++) s -= _l[k * n + i] * x[k];
            x[i] = s / _l[i * n + i];
        }
    }

    /// <inheritdoc />
    /// <remarks>The whole inverse by Takahashi's recursion (see <see cref="SparseCholesky.SelectedInverse"/>), then the pattern's entries.</remarks>
    public void SelectedInverse(Span<double> inverse)
    {
        int n = _n;
        var l = _l;
        var s = _inverse;
        for (int i = n - 1; i >= 0; i--)
        {
            double lii = l[i * n + i];
            for (int j = n - 1; j > i; j--)
            {
                double sum = 0;
                for (int k = i + 1; k < n; k++) sum += s[j * n + k] * l[k * n + i];
                s[j * n + i] = s[i * n + j] = -sum / lii;
            }
            double diagonal = 1.0 / lii;
            for (int k = i + 1; k < n; k++) diagonal -= l[k * n + i] * s[k * n + i];
            s[i * n + i] = diagonal / lii;
        }
        for (int e = 0; e < _entryRow.Length; e++) inverse[e] = s[_entryRow[e] * n + _entryColumn[e]];
    }
}
