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
///
/// On an evenly spaced grid with many values the estimate is computed by linear binning (Silverman 1982; Wand &amp;
/// Jones 1995, §D.2, as R's <c>density</c> does): each value's weight (and each mirror image's) is split between
/// the two nearest points of a lattice that refines the grid to at most h/16 and extends 8h beyond it, and each grid
/// point sums the lattice weights within 8h times a kernel tabulated once. That costs O(n + grid × 257) instead of
/// O(n × grid) kernel evaluations — a few milliseconds for any number of draws — and differs from the direct sum by
/// the binning error, of the order of (δ/h)²/24 ≤ 2·10⁻⁴ relative to the density's peak. Short inputs, uneven grids
/// and lattices too fine to hold are summed directly.
/// </remarks>
public static class KernelDensity
{
    /// <summary>Below this many kernel evaluations (values × grid points) the direct sum is cheaper than binning.</summary>
    private const long DirectLimit = 20_000;

    /// <summary>Lattice points per bandwidth: the lattice spacing is at most h / 16.</summary>
    private const int LatticePerBandwidth = 16;

    /// <summary>The kernel is cut at 8 bandwidths, as in the direct sum.</summary>
    private const int Cutoff = 8;

    /// <summary>The largest lattice binned onto; beyond it (a bandwidth tiny against the grid) the sum is direct.</summary>
    private const int MaxLattice = 1 << 20;

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
        if (TryBinned(values, default, grid, bandwidth, s, 1.0 / values.Length, density)) return density;
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
        if (values.IsEmpty) return density;
        if (TryBinned(values, weights, grid, bandwidth, s, 1.0, density)) return density;
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
    /// The binned estimate (see the remarks) into <paramref name="density"/>: Σ_i scale·w_i·φ((g − x_i)/h)/h with
    /// w_i = 1 when <paramref name="weights"/> is empty, the draws' mirror images in the finite bounds of
    /// <paramref name="support"/> included and 0 outside it. False, with nothing written, when the direct sum is the
    /// better choice: few values, an uneven grid, or a lattice too fine to hold.
    /// </summary>
    private static bool TryBinned(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, ReadOnlySpan<double> grid,
        double bandwidth, Support support, double scale, Span<double> density)
    {
        int g = grid.Length;
        if ((long)values.Length * g <= DirectLimit || g < 2 || !(bandwidth > 0) || !double.IsFinite(bandwidth)) return false;
        double step = (grid[g - 1] - grid[0]) / (g - 1);
        if (!(step > 0) || !double.IsFinite(step)) return false;
        for (int i = 1; i < g; i++)
            if (Math.Abs(grid[i] - (grid[0] + i * step)) > 1e-9 * Math.Max(step, Math.Abs(grid[i]))) return false;

        // The lattice: r points per grid step (spacing ≤ h / 16), K points of margin (≥ 8h) on each side.
        double refine = Math.Ceiling(LatticePerBandwidth * step / bandwidth);
        if (refine > MaxLattice) return false;
        int r = (int)refine;
        double delta = step / r;
        double margin = Math.Ceiling(Cutoff * bandwidth / delta);
        long size = (long)(g - 1) * r + 2 * (long)margin + 1;
        if (size > MaxLattice) return false;
        int k = (int)margin, m = (int)size;
        double origin = grid[0] - k * delta;

        // Linear binning: each value's weight, and its mirror images', split between two lattice neighbours.
        var counts = new double[m];
        bool weighted = !weights.IsEmpty, lower = double.IsFinite(support.Lower), upper = double.IsFinite(support.Upper);
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i], w = weighted ? weights[i] : 1.0;
            Bin(counts, (v - origin) / delta, w);
            if (lower) Bin(counts, (2 * support.Lower - v - origin) / delta, w);
            if (upper) Bin(counts, (2 * support.Upper - v - origin) / delta, w);
        }

        // The kernel at the lattice offsets within 8h, then one weighted sum per grid point.
        var kernel = new double[2 * k + 1];
        double norm = scale / (bandwidth * Math.Sqrt(2 * Math.PI));
        for (int o = -k; o <= k; o++)
        {
            double z = o * delta / bandwidth;
            kernel[o + k] = Math.Abs(z) < Cutoff ? norm * Math.Exp(-0.5 * z * z) : 0.0;
        }
        for (int i = 0; i < g; i++)
        {
            if (grid[i] < support.Lower || grid[i] > support.Upper) continue;
            var window = counts.AsSpan(i * r, 2 * k + 1);
            double sum = 0;
            for (int o = 0; o < window.Length; o++) sum += window[o] * kernel[o];
            density[i] = sum;
        }
        return true;
    }

    /// <summary>Splits weight <paramref name="w"/> at lattice position <paramref name="position"/> between its two neighbours.</summary>
    private static void Bin(double[] counts, double position, double w)
    {
        int m = counts.Length;
        if (!(position >= 0) || position > m - 1) return;
        int j = Math.Min((int)position, m - 2);
        double f = position - j;
        counts[j] += w * (1 - f);
        counts[j + 1] += w * f;
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
