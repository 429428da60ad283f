// The thin plate regression spline basis of one covariate (Wood 2003), with mgcv's centring, column scaling and ordering.
using BayesGlmm.Modeling.Frames;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Smooths;

/// <summary>
/// A one-dimensional thin plate regression spline with second-derivative penalty (m = 2), as mgcv's
/// <c>bs = "tp"</c> builds it (Wood 2003, JRSSB 65:95–114, §2; Wood 2017, <i>Generalized Additive Models</i>, 2nd ed.,
/// §5.5.1):
/// <list type="number">
/// <item>the covariate is centred, x ← x − mean(x), and its distinct values x*_1 &lt; … &lt; x*_u are the knots;</item>
/// <item>E_ij = η(|x*_i − x*_j|) with η(r) = Γ(1/2 − m) r^(2m−1) / (2^(2m) π^(1/2) (m − 1)!) = r³/12 for d = 1, m = 2
/// (Wood 2003, eq. 4), and T = [1, x*] spans the penalty's null space (M = 2);</item>
/// <item>E ≈ U_k D_k U_k' from its k eigenpairs of largest magnitude (<see cref="SymmetricLanczos"/>), ordered by
/// decreasing eigenvalue (Wood 2003, §2.1);</item>
/// <item>the constraint T'U_k δ = 0 is absorbed with Householder reflections H_1 … H_M that map each row of T'U_k,
/// in turn, onto its last free element (the factorisation T'U_k Q = [0, B]); Z_k is the first k − M columns of
/// Q = H_1 ⋯ H_M;</item>
/// <item>the basis is X = [U_k D_k Z_k, T] at the data and the penalty S = Z_k' D_k Z_k on the first k − M coefficients
/// (zero on T's);</item>
/// <item>each column is divided by its root mean square over the data, w_j (and S by w_i w_j), for conditioning.</item>
/// </list>
/// At a new x the basis is [η(|x − x*_i|)]_i' U_k Z_k / w and T(x)/w (Wood 2003, eq. 6), defined outside the data's
/// range too. When there are exactly k distinct values no eigen-decomposition is needed: U_k Z_k becomes the null
/// space of T' itself and S = Z'EZ (mgcv's knot-based case). More than 2000 distinct values are refused (mgcv would
/// subsample 2000 knots with R's random number generator).
/// </summary>
internal sealed class ThinPlateRegressionSpline : ISmoothBasis
{
    /// <summary>The null space dimension M of the m = 2 penalty in one dimension (1 and x).</summary>
    public const int NullSpace = 2;

    /// <summary>mgcv's default largest number of knots before it subsamples them.</summary>
    public const int MaxKnots = 2000;

    private readonly double _shift;
    private readonly double[] _knots;
    private readonly Matrix<double> _uz; // (u + M) × k: radial part then polynomial part, columns scaled

    private ThinPlateRegressionSpline(int k, double shift, double[] knots, Matrix<double> uz, ColumnMajorMatrix basis, double[] penalty)
    {
        Dimension = k;
        _shift = shift;
        _knots = knots;
        _uz = uz;
        Basis = basis;
        Penalty = penalty;
    }

    public int Dimension { get; }

    public int PenaltyRank => Dimension - NullSpace;

    public ColumnMajorMatrix Basis { get; }

    public double[] Penalty { get; }

    /// <summary>η(r) = r³/12 for the m = 2 spline in one dimension.</summary>
    private static double Eta(double r) => r * r * r / 12.0;

    /// <summary>
    /// Builds the basis of dimension <paramref name="k"/> for <paramref name="x"/>. Throws <see cref="ArgumentException"/>
    /// when x has fewer than k distinct values or more than <see cref="MaxKnots"/>.
    /// </summary>
    public static ThinPlateRegressionSpline Create(ReadOnlySpan<double> x, int k)
    {
        int n = x.Length;
        if (k < NullSpace + 1) throw new ArgumentOutOfRangeException(nameof(k), $"k must be at least {NullSpace + 1}.");
        double shift = Mean(x);
        var centred = new double[n];
        for (int i = 0; i < n; i++) centred[i] = x[i] - shift;
        var knots = centred.Distinct().Order().ToArray();
        int u = knots.Length;
        if (u < k) throw new ArgumentException($"{u} distinct values, fewer than the basis dimension k = {k}.");
        if (u > MaxKnots) throw new ArgumentException($"{u} distinct values, more than the {MaxKnots} knots a thin plate spline uses without subsampling.");
        var row = new int[n];
        for (int i = 0; i < n; i++) row[i] = Array.BinarySearch(knots, centred[i]);

        var e = new double[u * u];
        for (int j = 0; j < u; j++)
            for (int i = 0; i < u; i++) e[j * u + i] = Eta(Math.Abs(knots[i] - knots[j]));
        var t = Matrix<double>.Build.Dense(u, NullSpace, (i, j) => j == 0 ? 1.0 : knots[i]);

        int free = k - NullSpace;
        Matrix<double> uz;          // u × k: U Z in the first k − M columns (zero after)
        Matrix<double> x1;          // u × k: the basis at the knots
        Matrix<double> penalty;     // k × k
        var eMatrix = Matrix<double>.Build.Dense(u, u, e);
        if (u == k)
        {
            var reflections = NullSpaceReflections(t.Transpose());
            var q = ApplyReflectionsOnTheRight(Matrix<double>.Build.DenseIdentity(u), reflections);
            uz = Matrix<double>.Build.Dense(u, k);
            uz.SetSubMatrix(0, 0, q.SubMatrix(0, u, 0, free));
            penalty = q.Transpose() * eMatrix * q;
            x1 = Matrix<double>.Build.Dense(u, k);
            x1.SetSubMatrix(0, 0, eMatrix * q.SubMatrix(0, u, 0, free));
        }
        else
        {
            var (values, vectors) = SymmetricLanczos.LargestMagnitude(e, u, k);
            var reflections = NullSpaceReflections(t.Transpose() * vectors);
            var q = ApplyReflectionsOnTheRight(Matrix<double>.Build.DenseIdentity(k), reflections);
            var d = Matrix<double>.Build.DenseOfDiagonalArray(values);
            uz = Matrix<double>.Build.Dense(u, k);
            uz.SetSubMatrix(0, 0, (vectors * q).SubMatrix(0, u, 0, free));
            x1 = Matrix<double>.Build.Dense(u, k);
            x1.SetSubMatrix(0, 0, (vectors * d * q).SubMatrix(0, u, 0, free));
            penalty = q.Transpose() * d * q;
        }
        x1.SetSubMatrix(0, free, t);
        for (int i = 0; i < k; i++)
            for (int j = free; j < k; j++) penalty[i, j] = penalty[j, i] = 0.0;

        // The basis at the data (a knot's row for each observation), each column scaled to root mean square 1.
        var basis = new ColumnMajorMatrix(n, k);
        var scale = new double[k];
        for (int j = 0; j < k; j++)
        {
            var column = basis.Column(j);
            double ss = 0;
            for (int i = 0; i < n; i++)
            {
                column[i] = x1[row[i], j];
                ss += column[i] * column[i];
            }
            scale[j] = Math.Sqrt(ss / n);
            for (int i = 0; i < n; i++) column[i] /= scale[j];
        }
        var s = new double[k * k];
        for (int j = 0; j < k; j++)
            for (int i = 0; i < k; i++) s[j * k + i] = penalty[i, j] / (scale[i] * scale[j]);
        var map = Matrix<double>.Build.Dense(u + NullSpace, k);
        map.SetSubMatrix(0, 0, uz);
        for (int l = 0; l < NullSpace; l++) map[u + l, free + l] = 1.0;
        for (int j = 0; j < k; j++)
            for (int i = 0; i < u + NullSpace; i++) map[i, j] /= scale[j];
        return new ThinPlateRegressionSpline(k, shift, knots, map, basis, s);
    }

    public ColumnMajorMatrix Evaluate(ReadOnlySpan<double> x)
    {
        int m = x.Length, u = _knots.Length, k = Dimension;
        var result = new ColumnMajorMatrix(m, k);
        var b = new double[u + NullSpace];
        for (int i = 0; i < m; i++)
        {
            double xc = x[i] - _shift;
            for (int l = 0; l < u; l++) b[l] = Eta(Math.Abs(xc - _knots[l]));
            b[u] = 1.0;
            b[u + 1] = xc;
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int l = 0; l < b.Length; l++) sum += b[l] * _uz[l, j];
                result[i, j] = sum;
            }
        }
        return result;
    }

    /// <summary>The mean by two passes (the second adds the mean residual, as R's mean does).</summary>
    internal static double Mean(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x) s += v;
        s /= x.Length;
        double r = 0;
        foreach (double v in x) r += v - s;
        return s + r / x.Length;
    }

    /// <summary>
    /// Householder vectors u_1 … u_r (H_i = I − u_i u_i') for the r × c matrix <paramref name="a"/>, r ≤ c, such that
    /// A H_1 ⋯ H_r = [0, B] with B reverse lower triangular: H_i maps row i of A H_1 ⋯ H_(i−1), restricted to its first
    /// c − i elements, onto a multiple of its last one, with the sign that avoids cancellation (Golub &amp; Van Loan
    /// 2013, §5.1.2, applied from the right). The first c − r columns of Q = H_1 ⋯ H_r span the null space of A's rows.
    /// </summary>
    internal static double[][] NullSpaceReflections(Matrix<double> a)
    {
        int rows = a.RowCount, columns = a.ColumnCount;
        var work = a.Clone();
        var vectors = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            int c = columns - i;
            var p = new double[columns];
            double m = 0;
            for (int j = 0; j < c; j++) m = Math.Max(m, Math.Abs(work[i, j]));
            for (int j = 0; j < c; j++) p[j] = m > 0 ? work[i, j] / m : work[i, j];
            double length = 0;
            for (int j = 0; j < c; j++) length += p[j] * p[j];
            length = Math.Sqrt(length);
            if (p[c - 1] < 0) length = -length;
            p[c - 1] += length;
            double g = length != 0 ? 1.0 / (length * p[c - 1]) : 0.0;
            for (int r = i + 1; r < rows; r++)
            {
                double dot = 0;
                for (int j = 0; j < c; j++) dot += p[j] * work[r, j];
                dot *= g;
                for (int j = 0; j < c; j++) work[r, j] -= dot * p[j];
            }
            double root = Math.Sqrt(g);
            for (int j = 0; j < c; j++) p[j] *= root;
            vectors[i] = p;
        }
        return vectors;
    }

    /// <summary>C H_1 ⋯ H_r for Householder vectors u_i (H_i = I − u_i u_i').</summary>
    internal static Matrix<double> ApplyReflectionsOnTheRight(Matrix<double> c, double[][] vectors)
    {
        var result = c.Clone();
        foreach (var u in vectors)
        {
            for (int i = 0; i < result.RowCount; i++)
            {
                double dot = 0;
                for (int j = 0; j < u.Length; j++) dot += result[i, j] * u[j];
                if (dot == 0) continue;
                for (int j = 0; j < u.Length; j++) result[i, j] -= dot * u[j];
            }
        }
        return result;
    }
}
