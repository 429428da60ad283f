// The γ statistic of an ECDF of ranks: twice the smallest pointwise binomial tail probability.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// γ_obs = 2 · min over i = 1..K−1 of min(P(X ≤ x_i), P(X ≥ x_i)), X ~ Bin(N, z_i), x_i = N·F̂(z_i)
/// (Säilynoja, Bürkner &amp; Vehtari 2022, sec. 2.2, the statistic of the simulate method; Modrák et al.
/// 2023, "Simulation-based calibration checking for Bayesian computation: the choice of test quantities
/// shapes sensitivity", Bayesian Anal., the log γ history). The ECDF leaves the band of level γ_adj
/// exactly when γ_obs &lt; γ_adj. Both tails are summed directly, so values down to 1e-300 keep their
/// relative accuracy.
/// </summary>
public static class GammaStatistic
{
    /// <summary>γ_obs from the counts x_0..x_K of <see cref="RankEcdf.Counts"/> for N ranks.</summary>
    public static double Compute(ReadOnlySpan<int> counts, int simulationCount)
    {
        int k = counts.Length - 1;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2, nameof(counts));
        int n = simulationCount;
        var pmf = new double[n + 1];
        double smallest = double.PositiveInfinity;
        for (int i = 1; i < k; i++)
        {
            Binomial.FillPmf(n, SimultaneousBand.GridPoint(i, k), pmf);
            int x = counts[i];
            double lowerTail = 0.0;
            for (int j = 0; j <= x; j++) lowerTail += pmf[j];
            double upperTail = 0.0;
            for (int j = n; j >= x; j--) upperTail += pmf[j];
            smallest = Math.Min(smallest, Math.Min(Math.Min(lowerTail, 1.0), Math.Min(upperTail, 1.0)));
        }
        return 2.0 * smallest;
    }
}
