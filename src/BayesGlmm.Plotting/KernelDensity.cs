// Gaussian kernel density estimates for marginal and predictive density plots, reflected at the bounds of the support.
namespace BayesGlmm.Plotting;

/// <summary>
/// A Gaussian kernel density estimate on an even grid, with Silverman's rule-of-thumb bandwidth
/// h = 0.9·min(sd, IQR/1.34)·n^(−1/5) (Silverman 1986, eq. 3.31), R's <c>bw.nrd0</c>.
/// </summary>
/// <remarks>
/// With a bounded <see cref="Support"/> [L, U] the estimate is corrected at the bounds by reflection (Schuster 1985;
/// Silverman 1986, §2.10): each draw X also contributes its mirror images 2L − X and 2U − X, so for L ≤ x ≤ U
/// f̂(x) = (1/nh) Σ_i [φ((x − X_i)/h) + φ((x − 2L + X_i)/h) + φ((x − 2U + X_i)/h)], and f̂ = 0 outside. The mass a plain
/// kernel estimate puts beyond a bound (up to a half near it) is folded back inside, the estimate integrates to 1 over
/// [L, U], and its value at the bound is consistent (the plain estimate's tends to f(L)/2).
/// </remarks>
public static class KernelDensity
{
    /// <summary>Silverman's bandwidth for <paramref name="values"/>; a small positive number for constant data.</summary>
    public static double Bandwidth(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 2) return 1.0;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double mean = 0;
        foreach (double v in sorted) mean += v;
        mean /= n;
        double ss = 0;
        foreach (double v in sorted) ss += (v - mean) * (v - mean);
        double sd = Math.Sqrt(ss / (n - 1));
        double iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        double spread = Math.Min(sd, iqr / 1.34);
        if (!(spread > 0)) spread = sd > 0 ? sd : (Math.Abs(sorted[0]) > 0 ? Math.Abs(sorted[0]) : 1.0);
        return 0.9 * spread * Math.Pow(n, -0.2);
    }

    /// <summary>
    /// The density of <paramref name="values"/> at each point of <paramref name="grid"/>, reflected at the bounds of
    /// <paramref name="support"/> (unbounded when not given) and 0 outside it.
    /// </summary>
    public static double[] Estimate(ReadOnlySpan<double> values, ReadOnlySpan<double> grid, double bandwidth, Support? support = null)
    {
        var density = new double[grid.Length];
        if (values.IsEmpty) return density;
        var s = support ?? Support.Real;
        double norm = 1.0 / (values.Length * bandwidth * Math.Sqrt(2 * Math.PI));
        for (int g = 0; g < grid.Length; g++)
        {
            double x = grid[g];
            if (x < s.Lower || x > s.Upper) continue;
            double sum = 0;
            foreach (double v in values) sum += Kernel(x, v, bandwidth, s);
            density[g] = sum * norm;
        }
        return density;
    }

    /// <summary>
    /// The weighted density Σ_i w_i·φ((g − x_i)/h)/h at each grid point, for weights <paramref name="weights"/>
    /// summing to 1 (an importance-weighted sample), reflected at the bounds of <paramref name="support"/>.
    /// </summary>
    public static double[] Estimate(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, ReadOnlySpan<double> grid, double bandwidth,
        Support? support = null)
    {
        if (values.Length != weights.Length) throw new ArgumentException("Values and weights differ in length.", nameof(weights));
        var density = new double[grid.Length];
        var s = support ?? Support.Real;
        double norm = 1.0 / (bandwidth * Math.Sqrt(2 * Math.PI));
        for (int g = 0; g < grid.Length; g++)
        {
            double x = grid[g];
            if (x < s.Lower || x > s.Upper) continue;
            double sum = 0;
            for (int i = 0; i < values.Length; i++) sum += weights[i] * Kernel(x, values[i], bandwidth, s);
            density[g] = sum * norm;
        }
        return density;
    }

    /// <summary>
    /// An even grid over the draws' range widened by <paramref name="margin"/> on each side and cut to the support,
    /// so that a bounded density starts at its bound rather than beyond it.
    /// </summary>
    public static double[] Grid(double lo, double hi, double margin, Support support, int points)
    {
        var (a, b) = support.Clip(lo - margin, hi + margin);
        if (!(b > a)) (a, b) = (lo - margin, hi + margin);
        return Grid(a, b, points);
    }

    // exp(−z²/2) of the draw and of its mirror images in the finite bounds; terms beyond 8 bandwidths are dropped.
    private static double Kernel(double x, double v, double h, Support s)
    {
        double sum = Gauss((x - v) / h);
        if (double.IsFinite(s.Lower)) sum += Gauss((x - (2 * s.Lower - v)) / h);
        if (double.IsFinite(s.Upper)) sum += Gauss((x - (2 * s.Upper - v)) / h);
        return sum;
    }

    private static double Gauss(double z) => Math.Abs(z) < 8 ? Math.Exp(-0.5 * z * z) : 0.0;

    /// <summary>An even grid of <paramref name="points"/> points from lo to hi.</summary>
    public static double[] Grid(double lo, double hi, int points)
    {
        var grid = new double[points];
        for (int i = 0; i < points; i++) grid[i] = lo + (hi - lo) * i / (points - 1);
        return grid;
    }

    /// <summary>The R type-7 quantile of sorted values.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty) return double.NaN;
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
