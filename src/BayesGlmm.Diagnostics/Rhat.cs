// Potential scale reduction: rank-normalised split R-hat and basic split R-hat (Vehtari et al. 2021, §4.2).
namespace BayesGlmm.Diagnostics;

/// <summary>
/// R̂ as posterior 1.4.0 computes it. Input: one array per chain, equal lengths, or all chains
/// contiguous in one span. NaN where posterior gives NA (non-finite or constant draws, too few draws).
/// </summary>
public static class Rhat
{
    /// <summary>
    /// Rank-normalised split R̂: max of R̂ on the rank-normalised split draws and on the rank-normalised
    /// split folded draws |θ − median(θ)| (Vehtari et al. 2021, §4.2, eq. 14 and the folding of §4.1).
    /// </summary>
    public static double Rank(IReadOnlyList<double[]> chains)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Rank(flat.Span, m);
    }

    /// <inheritdoc cref="Rank(IReadOnlyList{double[]})"/>
    public static double Rank(ReadOnlySpan<double> draws, int chainCount)
    {
        ChainInput.Validate(draws, chainCount);
        if (DrawChecks.ShouldReturnNaN(draws)) return double.NaN;
        (int sm, int sn) = ChainSplitting.Shape(chainCount, draws.Length / chainCount);
        using var split = new PooledBuffer(sm * sn);
        Span<double> z = ChainSplitting.Split(draws, chainCount, split.Span);
        RankNormalization.ZScaleInPlace(z);
        double bulk = Core(z, sm);

        // Folding before splitting, with the median of all draws (posterior's fold_draws).
        using var folded = new PooledBuffer(draws.Length);
        double median = Quantiles.Type7(draws, 0.5);
        Span<double> f = folded.Span;
        for (int i = 0; i < draws.Length; i++) f[i] = Math.Abs(draws[i] - median);
        z = ChainSplitting.Split(f, chainCount, split.Span);
        RankNormalization.ZScaleInPlace(z);
        double tail = Core(z, sm);
        return double.IsNaN(bulk) || double.IsNaN(tail) ? double.NaN : Math.Max(bulk, tail);
    }

    /// <summary>Basic split R̂ on the draws themselves (Gelman et al. 2013; Vehtari et al. 2021, eq. 1–4).</summary>
    public static double Basic(IReadOnlyList<double[]> chains)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Basic(flat.Span, m);
    }

    /// <inheritdoc cref="Basic(IReadOnlyList{double[]})"/>
    public static double Basic(ReadOnlySpan<double> draws, int chainCount)
    {
        ChainInput.Validate(draws, chainCount);
        if (DrawChecks.ShouldReturnNaN(draws)) return double.NaN;
        (int sm, int sn) = ChainSplitting.Shape(chainCount, draws.Length / chainCount);
        using var split = new PooledBuffer(sm * sn);
        Span<double> x = ChainSplitting.Split(draws, chainCount, split.Span);
        return Core(x, sm);
    }

    /// <summary>
    /// posterior's <c>.rhat</c> on M chains of N: W = mean within-chain variance, B = N·var(chain means),
    /// R̂ = sqrt((B/W + N − 1)/N) (Vehtari et al. 2021, eq. 3–4). NaN for one chain or one draw per chain.
    /// </summary>
    internal static double Core(ReadOnlySpan<double> draws, int chainCount)
    {
        if (DrawChecks.ShouldReturnNaN(draws)) return double.NaN;
        int n = draws.Length / chainCount;
        using var meansBuffer = new PooledBuffer(chainCount);
        Span<double> means = meansBuffer.Span;
        double within = 0;
        for (int c = 0; c < chainCount; c++)
        {
            ReadOnlySpan<double> chain = draws.Slice(c * n, n);
            means[c] = Moments.Mean(chain);
            within += Moments.Variance(chain, means[c]);
        }
        within /= chainCount;
        double between = n * Moments.Variance(means);
        return Math.Sqrt((between / within + n - 1) / n);
    }
}
