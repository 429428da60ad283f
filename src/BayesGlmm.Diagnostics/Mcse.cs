// Monte Carlo standard errors of the mean, sd and quantiles (Vehtari et al. 2021, §4.4).
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Diagnostics;

/// <summary>
/// Monte Carlo standard errors as posterior 1.4.0 computes them. Input: one array per chain, equal
/// lengths, or all chains contiguous in one span. NaN where posterior gives NA.
/// </summary>
public static class Mcse
{
    // posterior uses these rounded values of Φ(−1) and Φ(1); the exact ones can flip a ⌊·⌋ or ⌈·⌉.
    private const double LowerProbability = 0.1586553;
    private const double UpperProbability = 0.8413447;

    /// <summary>MCSE of the mean: sd(θ)/sqrt(ESS of the mean) (Vehtari et al. 2021, eq. 11 and §4.4).</summary>
    public static double Mean(IReadOnlyList<double[]> chains)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Mean(flat.Span, m);
    }

    /// <inheritdoc cref="Mean(IReadOnlyList{double[]})"/>
    public static double Mean(ReadOnlySpan<double> draws, int chainCount)
    {
        double ess = Ess.Mean(draws, chainCount);
        return double.IsNaN(ess) ? double.NaN : Moments.StandardDeviation(draws) / Math.Sqrt(ess);
    }

    /// <summary>
    /// MCSE of the standard deviation without a normality assumption (Kenney &amp; Keeping 1951, via the
    /// variance of the sample variance): with c = θ − θ̄ and Ê = mean(c²),
    /// Var(var) = (mean(c⁴) − Ê²)/ESS_mean(c²) and MCSE = sqrt(Var(var)/(4Ê)).
    /// </summary>
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
        using var squares = new PooledBuffer(draws.Length);
        Span<double> c2 = squares.Span;
        for (int i = 0; i < draws.Length; i++)
        {
            double c = draws[i] - mean;
            c2[i] = c * c;
        }
        return SdFromSquares(c2, chainCount);
    }

    /// <summary><see cref="Sd(ReadOnlySpan{double}, int)"/> from the squared deviations c² = (θ − θ̄)² of finite, non-constant draws.</summary>
    internal static double SdFromSquares(ReadOnlySpan<double> c2, int chainCount)
    {
        double expectedSquare = Moments.Mean(c2);
        double fourth = 0;
        foreach (double v in c2) fourth += v * v;
        fourth /= c2.Length;
        double ess = Ess.Mean(c2, chainCount);
        double varianceOfVariance = (fourth - expectedSquare * expectedSquare) / ess;
        return Math.Sqrt(varianceOfVariance / (4 * expectedSquare));
    }

    /// <summary>
    /// MCSE of the quantile <paramref name="p"/> (Vehtari et al. 2021, §4.4, eq. 16–17): with the quantile
    /// ESS e, the Beta(e·p + 1, e·(1 − p) + 1) quantiles a₁, a₂ at Φ(∓1) pick the order statistics
    /// θ_(max(⌊a₁S⌋, 1)) and θ_(min(⌈a₂S⌉, S)) of all S draws; MCSE = half their distance.
    /// </summary>
    public static double Quantile(IReadOnlyList<double[]> chains, double p)
    {
        using var flat = ChainInput.Flatten(chains, out int m);
        return Quantile(flat.Span, m, p);
    }

    /// <inheritdoc cref="Quantile(IReadOnlyList{double[]}, double)"/>
    public static double Quantile(ReadOnlySpan<double> draws, int chainCount, double p)
    {
        double ess = Ess.Quantile(draws, chainCount, p);
        if (double.IsNaN(ess)) return double.NaN;
        double a1 = Beta.InvCDF(ess * p + 1, ess * (1 - p) + 1, LowerProbability);
        double a2 = Beta.InvCDF(ess * p + 1, ess * (1 - p) + 1, UpperProbability);
        int s = draws.Length;
        using var buffer = new PooledBuffer(s);
        Span<double> sorted = buffer.Span;
        draws.CopyTo(sorted);
        sorted.Sort();
        int lo = (int)Math.Max(Math.Floor(a1 * s), 1);
        int hi = (int)Math.Min(Math.Ceiling(a2 * s), s);
        return (sorted[hi - 1] - sorted[lo - 1]) / 2;
    }
}
