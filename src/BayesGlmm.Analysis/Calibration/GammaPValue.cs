// The p-value of the γ statistic under uniform ranks, by the exact forward recursion.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// p = P(γ ≤ γ_obs) for N independent uniform ranks on a K-interval grid. No reference package prints a
/// p-value; this one is the exact null distribution of the γ statistic (Säilynoja, Bürkner &amp; Vehtari
/// 2022, sec. 2.2): the forward recursion of <see cref="SimultaneousBand.CoverageAt"/> run over the sets
/// J_i = {x : 2P(X ≤ x) &gt; g and 2P(X ≥ x) &gt; g}, X ~ Bin(N, z_i), with g = γ_obs(1 + 10⁻⁹) so that
/// values tied with γ_obs through the z ↔ 1 − z symmetry count as ties. The mass leaving J_i at each step
/// is added up, each piece a binomial tail summed directly, instead of computing 1 − coverage, so
/// p-values of 1e-28 keep their relative accuracy. Report it beside the band verdict; the verdict is the test.
/// </summary>
public static class GammaPValue
{
    /// <summary>The relative margin that counts values within 1e-9 of γ_obs as ties.</summary>
    public const double TieMargin = 1e-9;

    /// <summary>P(γ ≤ γ_obs) under uniformity for N ranks on K intervals.</summary>
    public static double Compute(double gammaObserved, int simulationCount, int gridSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(simulationCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
        if (double.IsNaN(gammaObserved)) return double.NaN;
        int n = simulationCount, k = gridSize;
        double g = gammaObserved * (1.0 + TieMargin);

        // Surviving mass p(y) for y in [from, from + current.Length).
        double[] current = [1.0];
        int from = 0;
        double exit = 0.0;
        var pmf = new double[n + 1];
        for (int i = 1; i <= k; i++)
        {
            double z1 = i == 1 ? 0.0 : SimultaneousBand.GridPoint(i - 1, k);
            double z2 = i == k ? 1.0 : SimultaneousBand.GridPoint(i, k);
            double zTilde = (z2 - z1) / (1.0 - z1);
            var (lo, hi) = i < k ? Interior(n, z2, g, pmf) : (n, n);
            if (lo > hi)
            {
                foreach (double m in current) exit += m;
                break;
            }

            var next = new double[hi - lo + 1];
            for (int y = from; y < from + current.Length; y++)
            {
                double mass = current[y - from];
                if (mass == 0) continue;
                int remaining = n - y;
                // Given y, x − y ~ Bin(N − y, z̃); the mass outside [lo, hi] leaves, as two direct tails.
                double leaving = Binomial.Cdf(lo - 1 - y, remaining, zTilde) + Binomial.UpperTail(hi + 1 - y, remaining, zTilde);
                exit += mass * Math.Min(leaving, 1.0);
                int xStart = Math.Max(lo, y);
                if (xStart > hi) continue;
                Span<double> row = pmf.AsSpan(0, hi - xStart + 1);
                Binomial.FillPmfRange(remaining, zTilde, xStart - y, hi - y, row);
                for (int x = xStart; x <= hi; x++) next[x - lo] += mass * row[x - xStart];
            }
            current = next;
            from = lo;
        }
        return Math.Min(exit, 1.0);
    }

    // J_i = {x : 2P(X ≤ x) > g and 2P(X ≥ x) > g} for X ~ Bin(n, z): an interval, since the lower tail
    // grows and the upper tail shrinks with x. Returns (lo, hi), empty when lo > hi.
    private static (int Lo, int Hi) Interior(int n, double z, double g, double[] pmf)
    {
        Span<double> row = pmf.AsSpan(0, n + 1);
        Binomial.FillPmf(n, z, row);
        int lo = 0;
        double lower = 0.0;
        while (lo <= n)
        {
            lower += row[lo];
            if (2.0 * Math.Min(lower, 1.0) > g) break;
            lo++;
        }
        int hi = n;
        double upper = 0.0;
        while (hi >= 0)
        {
            upper += row[hi];
            if (2.0 * Math.Min(upper, 1.0) > g) break;
            hi--;
        }
        return (lo, hi);
    }
}
