// The p-value of the γ statistic under uniform ranks, by the exact forward recursion.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// p = P(γ ≤ γ_obs) for N independent uniform ranks on a K-interval grid. No reference package prints a
/// p-value; this one is the exact null distribution of the γ statistic (Säilynoja, Bürkner &amp; Vehtari
/// 2022, sec. 2.2): the forward recursion of <see cref="SimultaneousBand.CoverageAt"/> run over the sets
/// J_i = {x : 2P(X ≤ x) &gt; g and 2P(X ≥ x) &gt; g}, X ~ Bin(N, z_i), with g = γ_obs(1 + 10⁻⁹) so that
/// values tied with γ_obs through the z ↔ 1 − z symmetry count as ties. The mass leaving J_i at each step
/// is added up instead of computing 1 − coverage, so p-values of 1e-28 keep their relative accuracy.
/// Report it beside the band verdict; the verdict is the test.
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

        double[] current = [1.0];
        int from = 0;
        double exit = 0.0;
        var row = new double[n + 1];
        var next = new double[n + 1];
        var inside = new bool[n + 1];
        var tail = new double[n + 1];
        for (int i = 1; i <= k; i++)
        {
            double z1 = i == 1 ? 0.0 : SimultaneousBand.GridPoint(i - 1, k);
            double z2 = i == k ? 1.0 : SimultaneousBand.GridPoint(i, k);
            double zTilde = (z2 - z1) / (1.0 - z1);

            Array.Clear(next);
            for (int y = from; y < from + current.Length; y++)
            {
                double mass = current[y - from];
                if (mass == 0) continue;
                Span<double> pmf = row.AsSpan(0, n - y + 1);
                Binomial.FillPmf(n - y, zTilde, pmf);
                for (int x = y; x <= n; x++) next[x] += mass * pmf[x - y];
            }

            if (i < k) MarkInterior(n, z2, g, inside, tail, row);
            else
            {
                Array.Clear(inside);
                inside[n] = true;
            }

            int lo = -1, hi = -1;
            for (int x = 0; x <= n; x++)
            {
                if (inside[x])
                {
                    if (lo < 0) lo = x;
                    hi = x;
                }
                else exit += next[x];
            }
            if (lo < 0) break;
            // J_i is an interval of counts (both tails are monotone in x).
            current = next.AsSpan(lo, hi - lo + 1).ToArray();
            from = lo;
        }
        return Math.Min(exit, 1.0);
    }

    // inside[x] = 2P(X ≤ x) > g and 2P(X ≥ x) > g for X ~ Bin(n, z).
    private static void MarkInterior(int n, double z, double g, bool[] inside, double[] upper, double[] pmf)
    {
        Binomial.FillPmf(n, z, pmf.AsSpan(0, n + 1));
        double sum = 0.0;
        for (int x = n; x >= 0; x--)
        {
            sum += pmf[x];
            upper[x] = Math.Min(sum, 1.0);
        }
        double lower = 0.0;
        for (int x = 0; x <= n; x++)
        {
            lower += pmf[x];
            inside[x] = 2.0 * Math.Min(lower, 1.0) > g && 2.0 * upper[x] > g;
        }
    }
}
