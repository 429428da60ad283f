// The log determinant of a Cholesky factorization as a running product of its pivots, with one logarithm per long run instead of one per pivot.
namespace BayesGlmm.Numerics.LinearAlgebra;

/// <summary>
/// log Π d_j for positive pivots d_j = L_jj²: the product is kept while it stays within [1e-200, 1e200] and folded into a
/// logarithm when it leaves that range (a pivot outside [1e-100, 1e100] is taken by its own logarithm), so a
/// factorization of n pivots takes a handful of logarithms rather than n, without overflow or underflow.
/// </summary>
internal struct PivotProduct
{
    private double _product;
    private double _log;

    /// <summary>The empty product.</summary>
    public PivotProduct()
    {
        _product = 1.0;
        _log = 0.0;
    }

    /// <summary>Multiplies the pivot <paramref name="d"/> (&gt; 0) in.</summary>
    public void Multiply(double d)
    {
        if (d > 1e100 || d < 1e-100)
        {
            _log += Math.Log(d);
            return;
        }
        _product *= d;
        if (_product > 1e200 || _product < 1e-200)
        {
            _log += Math.Log(_product);
            _product = 1.0;
        }
    }

    /// <summary>log Π d_j.</summary>
    public readonly double Log => _log + Math.Log(_product);
}
