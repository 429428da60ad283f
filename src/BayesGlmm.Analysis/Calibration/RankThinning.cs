// Thinning of posterior draws before ranking: every t-th iteration per chain, and SBC's divisor rule.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Which posterior draws enter an SBC rank. Autocorrelated draws make the ranks non-uniform even for a
/// correct sampler (Talts et al. 2018, sec. 5, Alg. 2), so chains are thinned: SBC keeps iterations
/// 1, 1+t, 1+2t, … of every chain (posterior's <c>thin_draws</c>; t = 10 by default, 1 for independent
/// draws), merges the chains (chain 1 first) and, by its <c>ensure_num_ranks_divisor</c> rule (default 2),
/// drops the last d = (M + 1) mod divisor draws so that the M + 1 possible ranks split evenly into bins.
/// </summary>
public static class RankThinning
{
    /// <summary>SBC's default <c>thin_ranks</c> for MCMC backends.</summary>
    public const int DefaultThin = 10;

    /// <summary>SBC's default <c>ensure_num_ranks_divisor</c>.</summary>
    public const int DefaultDivisor = 2;

    /// <summary>The 0-based iterations kept by thinning every <paramref name="thin"/>-th: 0, t, 2t, ….</summary>
    public static int[] KeptIterations(int iterationCount, int thin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterationCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(thin, 1);
        var kept = new int[(iterationCount + thin - 1) / thin];
        for (int j = 0; j < kept.Length; j++) kept[j] = j * thin;
        return kept;
    }

    /// <summary>
    /// How many of <paramref name="drawCount"/> merged draws to keep so that drawCount + 1 ranks divide by
    /// <paramref name="divisor"/>: drawCount − ((drawCount + 1) mod divisor), or all of them when that would
    /// leave none (SBC warns and keeps them all).
    /// </summary>
    public static int EnsureDivisor(int drawCount, int divisor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(drawCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(divisor, 1);
        int d = (drawCount + 1) % divisor;
        if (d == 0) return drawCount;
        int kept = drawCount - d;
        return kept > 0 ? kept : drawCount;
    }

    /// <summary>
    /// The draws of one quantity that enter its rank: the kept iterations (0-based) of every chain,
    /// chain 1 first, cut by the divisor rule. The result's length is the <c>max_rank</c>.
    /// </summary>
    public static double[] Select(IReadOnlyList<double[]> chains, IReadOnlyList<int> keptIterations, int divisor = DefaultDivisor)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(keptIterations);
        int total = chains.Count * keptIterations.Count;
        int keep = EnsureDivisor(total, divisor);
        var result = new double[keep];
        int m = 0;
        foreach (double[] chain in chains)
        {
            foreach (int it in keptIterations)
            {
                if (m == keep) return result;
                result[m++] = chain[it];
            }
        }
        return result;
    }
}
