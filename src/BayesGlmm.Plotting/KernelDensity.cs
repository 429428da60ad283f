// Gaussian kernel density estimates for marginal and predictive density plots.
namespace BayesGlmm.Plotting;

/// <summary>
/// A Gaussian kernel density estimate on an even grid, with Silverman's rule-of-thumb bandwidth
/// h = 0.9·min(sd, IQR/1.34)·n^(−1/5) (Silverman 1986, eq. 3.31), R's <c>bw.nrd0</c>.
/// </summary>
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

    /// <summary>The density of <paramref name="values"/> at each point of <paramref name="grid"/>.</summary>
    public static double[] Estimate(ReadOnlySpan<double> values, ReadOnlySpan<double> grid, double bandwidth)
    {
        var density = new double[grid.Length];
        if (values.IsEmpty) return density;
        double norm = 1.0 / (values.Length * bandwidth * Math.Sqrt(2 * Math.PI));
        for (int g = 0; g < grid.Length; g++)
        {
            double sum = 0;
            foreach (double v in values)
            {
                double z = (grid[g] - v) / bandwidth;
                if (Math.Abs(z) < 8) sum += Math.Exp(-0.5 * z * z);
            }
            density[g] = sum * norm;
        }
        return density;
    }

    /// <summary>
    /// The weighted density Σ_i w_i·φ((g − x_i)/h)/h at each grid point, for weights <paramref name="weights"/>
    /// summing to 1 (an importance-weighted sample).
    /// </summary>
    public static double[] Estimate(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, ReadOnlySpan<double> grid, double bandwidth)
    {
        if (values.Length != weights.Length) throw new ArgumentException("Values and weights differ in length.", nameof(weights));
        var density = new double[grid.Length];
        double norm = 1.0 / (bandwidth * Math.Sqrt(2 * Math.PI));
        for (int g = 0; g < grid.Length; g++)
        {
            double sum = 0;
            for (int i = 0; i < values.Length; i++)
            {
                double z = (grid[g] - values[i]) / bandwidth;
                if (Math.Abs(z) < 8) sum += weights[i] * Math.Exp(-0.5 * z * z);
            }
            density[g] = sum * norm;
        }
        return density;
    }

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
