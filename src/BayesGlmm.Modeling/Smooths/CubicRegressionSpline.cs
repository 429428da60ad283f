// The cubic regression spline basis of one covariate (Wood 2017, §5.3.1), parameterised by its values at the knots, as mgcv's bs = "cr".
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Smooths;

/// <summary>
/// A natural cubic spline through k knots x*_1 &lt; … &lt; x*_k, with coefficients β_j = f(x*_j) (Wood 2017, §5.3.1;
/// Lancaster &amp; Šalkauskas 1986, §4.7), as mgcv's <c>bs = "cr"</c> builds it:
/// <list type="bullet">
/// <item>knots at the quantiles 0, 1/(k−1), …, 1 of the distinct covariate values (R's type-7 quantiles);</item>
/// <item>with h_j = x*_(j+1) − x*_j, B the (k−2) × (k−2) tridiagonal matrix with B_ii = (h_i + h_(i+1))/3 and
/// B_(i,i+1) = B_(i+1,i) = h_(i+1)/6, and D the (k−2) × k matrix with D_ii = 1/h_i, D_(i,i+1) = −1/h_i − 1/h_(i+1),
/// D_(i,i+2) = 1/h_(i+1), the second derivatives at the knots are δ = Fβ with F = [0; B⁻¹D; 0] (natural spline), and
/// the penalty ∫ f''(x)² dx = β' D'B⁻¹D β (Wood 2017, eq. 5.3);</item>
/// <item>for x in [x*_j, x*_(j+1)]: f(x) = a⁻ β_j + a⁺ β_(j+1) + c⁻ δ_j + c⁺ δ_(j+1) with a⁻ = (x*_(j+1) − x)/h_j,
/// a⁺ = (x − x*_j)/h_j, c⁻ = ((x*_(j+1) − x)³/h_j − h_j (x*_(j+1) − x))/6, c⁺ = ((x − x*_j)³/h_j − h_j (x − x*_j))/6;</item>
/// <item>outside the knots, f continues as the straight line with the end knot's value and slope (f'' = 0 there).</item>
/// </list>
/// The penalty has rank k − 2 (constant and linear functions are unpenalised).
/// </summary>
internal sealed class CubicRegressionSpline : ISmoothBasis
{
    private readonly double[] _knots;
    private readonly double[,] _f; // k × k: row j gives f''(x*_j) as a linear function of β

    private CubicRegressionSpline(double[] knots, double[,] f, double[] penalty, ColumnMajorMatrix basis)
    {
        _knots = knots;
        _f = f;
        Penalty = penalty;
        Basis = basis;
    }

    public int Dimension => _knots.Length;

    public int PenaltyRank => Dimension - 2;

    public ColumnMajorMatrix Basis { get; }

    public double[] Penalty { get; }

    /// <summary>The knots.</summary>
    public IReadOnlyList<double> Knots => _knots;

    /// <summary>Builds the basis of dimension <paramref name="k"/> for <paramref name="x"/>; fewer than k distinct values throw <see cref="ArgumentException"/>.</summary>
    public static CubicRegressionSpline Create(ReadOnlySpan<double> x, int k)
    {
        if (k < 3) throw new ArgumentOutOfRangeException(nameof(k), "k must be at least 3.");
        var distinct = x.ToArray().Distinct().Order().ToArray();
        if (distinct.Length < k) throw new ArgumentException($"{distinct.Length} distinct values, fewer than the basis dimension k = {k}.");
        var knots = Quantiles(distinct, k);
        int n2 = k - 2;
        var h = new double[k - 1];
        for (int j = 0; j < k - 1; j++) h[j] = knots[j + 1] - knots[j];
        // B⁻¹D by the tridiagonal (Thomas) algorithm, column by column of D (B is symmetric positive definite).
        var d = new double[n2, k];
        for (int i = 0; i < n2; i++)
        {
            d[i, i] = 1.0 / h[i];
            d[i, i + 2] = 1.0 / h[i + 1];
            d[i, i + 1] = -d[i, i] - d[i, i + 2];
        }
        var binvD = new double[n2, k];
        var diagonal = new double[n2];
        var off = new double[Math.Max(0, n2 - 1)];
        for (int i = 0; i < n2; i++) diagonal[i] = (h[i] + h[i + 1]) / 3.0;
        for (int i = 1; i < n2; i++) off[i - 1] = h[i] / 6.0;
        for (int c = 0; c < k; c++)
        {
            var rhs = new double[n2];
            for (int i = 0; i < n2; i++) rhs[i] = d[i, c];
            var solution = SolveTridiagonal(diagonal, off, rhs);
            for (int i = 0; i < n2; i++) binvD[i, c] = solution[i];
        }
        var f = new double[k, k];
        for (int i = 0; i < n2; i++)
            for (int c = 0; c < k; c++) f[i + 1, c] = binvD[i, c];
        var penalty = new double[k * k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double s = 0;
                for (int i = 0; i < n2; i++) s += d[i, a] * binvD[i, b];
                penalty[b * k + a] = s;
            }
        // Symmetrise exactly, as the rounding of D'B⁻¹D leaves it nearly symmetric.
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++)
                penalty[b * k + a] = penalty[a * k + b] = 0.5 * (penalty[b * k + a] + penalty[a * k + b]);
        var spline = new CubicRegressionSpline(knots, f, penalty, new ColumnMajorMatrix(0, k));
        return new CubicRegressionSpline(knots, f, penalty, spline.Evaluate(x));
    }

    public ColumnMajorMatrix Evaluate(ReadOnlySpan<double> x)
    {
        int m = x.Length, k = Dimension;
        var result = new ColumnMajorMatrix(m, k);
        double min = _knots[0], max = _knots[k - 1];
        for (int i = 0; i < m; i++)
        {
            double xi = x[i];
            if (xi < min)
            {
                double h = _knots[1] - min, t = xi - min;
                for (int c = 0; c < k; c++) result[i, c] = -t * h / 3.0 * _f[0, c] - t * h / 6.0 * _f[1, c];
                result[i, 0] += 1.0 - t / h;
                result[i, 1] += t / h;
            }
            else if (xi > max)
            {
                double h = max - _knots[k - 2], t = xi - max;
                for (int c = 0; c < k; c++) result[i, c] = t * h / 6.0 * _f[k - 2, c] + t * h / 3.0 * _f[k - 1, c];
                result[i, k - 2] += -t / h;
                result[i, k - 1] += 1.0 + t / h;
            }
            else
            {
                int j = 0, up = k - 1;
                while (up - j > 1)
                {
                    int mid = (up + j) >> 1;
                    if (xi > _knots[mid]) j = mid; else up = mid;
                }
                double lo = _knots[j], hi = _knots[j + 1], h = hi - lo;
                double am = hi - xi, ap = xi - lo;
                double cm = am * (am * am / h - h) / 6.0, cp = ap * (ap * ap / h - h) / 6.0;
                for (int c = 0; c < k; c++) result[i, c] = cm * _f[j, c] + cp * _f[j + 1, c];
                result[i, j] += am / h;
                result[i, j + 1] += ap / h;
            }
        }
        return result;
    }

    /// <summary>
    /// R's type-7 quantiles of the sorted <paramref name="sorted"/> at the probabilities of <c>seq(0, 1, length = k)</c>
    /// (0, (1..k−2)/(k−1), 1): with index = 1 + (n − 1)p, lo = ⌊index⌋ and g = index − lo, (1 − g) x_lo + g x_(lo+1)
    /// (Hyndman &amp; Fan 1996, definition 7).
    /// </summary>
    internal static double[] Quantiles(double[] sorted, int k)
    {
        int n = sorted.Length;
        double by = 1.0 / (k - 1);
        var result = new double[k];
        for (int q = 0; q < k; q++)
        {
            double p = q == 0 ? 0.0 : q == k - 1 ? 1.0 : q * by;
            double index = 1 + (n - 1) * p;
            int lo = (int)Math.Floor(index), hi = (int)Math.Ceiling(index);
            double value = sorted[lo - 1];
            if (index > lo && sorted[hi - 1] != value)
            {
                double g = index - lo;
                value = (1 - g) * value + g * sorted[hi - 1];
            }
            result[q] = value;
        }
        return result;
    }

    /// <summary>Solves the symmetric tridiagonal system with diagonal <paramref name="diagonal"/> and off-diagonal <paramref name="off"/>.</summary>
    private static double[] SolveTridiagonal(double[] diagonal, double[] off, double[] rhs)
    {
        int n = diagonal.Length;
        var c = new double[n];
        var d = new double[n];
        c[0] = n > 1 ? off[0] / diagonal[0] : 0.0;
        d[0] = rhs[0] / diagonal[0];
        for (int i = 1; i < n; i++)
        {
            double denominator = diagonal[i] - off[i - 1] * c[i - 1];
            c[i] = i < n - 1 ? off[i] / denominator : 0.0;
            d[i] = (rhs[i] - off[i - 1] * d[i - 1]) / denominator;
        }
        for (int i = n - 2; i >= 0; i--) d[i] -= c[i] * d[i + 1];
        return d;
    }
}
