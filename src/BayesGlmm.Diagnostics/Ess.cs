// Effective sample sizes: bulk, tail, mean, sd, basic and quantile (Vehtari et al. 2021, §3 and §4.3).
namespace BayesGlmm.Diagnostics;

/// <summary>
/// Effective sample sizes as posterior 1.4.0 computes them, each the Geyer ESS (<see cref="GeyerEss"/>)
/// of a transform of the split chains. Input: one array per chain, equal lengths, or all chains
/// contiguous in one span. NaN where posterior gives NA (non-finite or constant draws, too few draws).
/// </summary>
public static class Ess
{
    /// <summary>Bulk ESS: ESS of the rank-normalised split draws (Vehtari et al. 2021, §4.2, eq. 14).</summary>
    public static double Bulk(IReadOnlyList<double[]> chains)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Bulk(flat.Span, m);
    }

    /// <inheritdoc cref="Bulk(IReadOnlyList{double[]})"/>
    public static double Bulk(ReadOnlySpan<double> draws, int chainCount)
    {
        ChainInput.Validate(draws, chainCount);
        if (DrawChecks.ShouldReturnNaN(draws)) return double.NaN;
        (int sm, int sn) = ChainSplitting.Shape(chainCount, draws.Length / chainCount);
        using var split = new PooledBuffer(sm * sn);
        Span<double> z = ChainSplitting.Split(draws, chainCount, split.Span);
        RankNormalization.ZScaleInPlace(z);
        return GeyerEss.Compute(z, sm);
    }

    /// <summary>
    /// Tail ESS: the smaller of the quantile ESS at 0.05 and 0.95 (Vehtari et al. 2021, §4.3); NaN if either is NaN.
    /// </summary>
    public static double Tail(IReadOnlyList<double[]> chains)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Tail(flat.Span, m);
    }

    /// <inheritdoc cref="Tail(IReadOnlyList{double[]})"/>
    public static double Tail(ReadOnlySpan<double> draws, int chainCount)
    {
        double lower = Quantile(draws, chainCount, 0.05);
        double upper = Quantile(draws, chainCount, 0.95);
        return double.IsNaN(lower) || double.IsNaN(upper) ? double.NaN : Math.Min(lower, upper);
    }

    /// <summary>ESS of the mean: ESS of the split draws, not ranked (Vehtari et al. 2021, eq. 11).</summary>
    public static double Mean(IReadOnlyList<double[]> chains)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Mean(flat.Span, m);
    }

    /// <inheritdoc cref="Mean(IReadOnlyList{double[]})"/>
    public static double Mean(ReadOnlySpan<double> draws, int chainCount)
    {
        ChainInput.Validate(draws, chainCount);
        if (DrawChecks.ShouldReturnNaN(draws)) return double.NaN;
        (int sm, int sn) = ChainSplitting.Shape(chainCount, draws.Length / chainCount);
        using var split = new PooledBuffer(sm * sn);
        return GeyerEss.Compute(ChainSplitting.Split(draws, chainCount, split.Span), sm);
    }

    /// <summary>Basic ESS: split, not ranked; equal to <see cref="Mean(IReadOnlyList{double[]})"/> in posterior 1.4.0.</summary>
    public static double Basic(IReadOnlyList<double[]> chains) => Mean(chains);

    /// <inheritdoc cref="Basic(IReadOnlyList{double[]})"/>
    public static double Basic(ReadOnlySpan<double> draws, int chainCount) => Mean(draws, chainCount);

    /// <summary>ESS of the standard deviation: ESS of the split |θ − θ̄|, θ̄ the mean of all draws (posterior 1.4.0 <c>ess_sd</c>).</summary>
    public static double Sd(IReadOnlyList<double[]> chains)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Sd(flat.Span, m);
    }

    /// <inheritdoc cref="Sd(IReadOnlyList{double[]})"/>
    public static double Sd(ReadOnlySpan<double> draws, int chainCount)
    {
        ChainInput.Validate(draws, chainCount);
        if (DrawChecks.ShouldReturnNaN(draws)) return double.NaN;
        double mean = Moments.Mean(draws);
        using var deviations = new PooledBuffer(draws.Length);
        Span<double> d = deviations.Span;
        for (int i = 0; i < draws.Length; i++) d[i] = Math.Abs(draws[i] - mean);
        return Mean(d, chainCount);
    }

    /// <summary>
    /// ESS of the quantile <paramref name="p"/>: ESS of the split indicator I(θ ≤ q̂_p), q̂_p the type-7
    /// quantile of all draws (Vehtari et al. 2021, §4.3, eq. 15); p = 1 is taken as (S − ½)/S.
    /// NaN for p outside [0, 1].
    /// </summary>
    public static double Quantile(IReadOnlyList<double[]> chains, double p)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Quantile(flat.Span, m, p);
    }

    /// <inheritdoc cref="Quantile(IReadOnlyList{double[]}, double)"/>
    public static double Quantile(ReadOnlySpan<double> draws, int chainCount, double p)
    {
        ChainInput.Validate(draws, chainCount);
        if (!(p >= 0 && p <= 1) || DrawChecks.ShouldReturnNaN(draws)) return double.NaN;
        if (p == 1) p = (draws.Length - 0.5) / draws.Length;
        double q = Quantiles.Type7(draws, p);
        using var indicator = new PooledBuffer(draws.Length);
        Span<double> ind = indicator.Span;
        for (int i = 0; i < draws.Length; i++) ind[i] = draws[i] <= q ? 1.0 : 0.0;
        (int sm, int sn) = ChainSplitting.Shape(chainCount, draws.Length / chainCount);
        using var split = new PooledBuffer(sm * sn);
        return GeyerEss.Compute(ChainSplitting.Split(ind, chainCount, split.Span), sm);
    }
}
