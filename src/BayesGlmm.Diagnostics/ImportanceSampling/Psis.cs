// Pareto smoothed importance sampling (PSIS) of one vector of log importance ratios, as loo 2.5.1 does it.
using System.Buffers;

namespace BayesGlmm.Diagnostics.ImportanceSampling;

/// <summary>
/// Pareto smoothed importance sampling (Vehtari, Simpson, Gelman, Yao &amp; Gabry 2024, JMLR 25(72),
/// §3, Algorithm 1) with the semantics of R's loo 2.5.1 (<c>psis</c>, <c>do_psis_i</c>): tail length
/// ⌈min(0.2S, 3√(S/r_eff))⌉, no fit below 5 tail draws, the generalized Pareto fit with the weakly
/// informative prior, the tail replaced by fitted quantiles, truncation at the largest raw ratio.
/// This is the variant PSIS-LOO and LOO-PIT use; <see cref="BayesGlmm.Diagnostics.ParetoSmoothedWeights"/> is
/// posterior ≥ 1.6's variant, used for power-scaling sensitivity.
/// </summary>
public static class Psis
{
    /// <summary>The fewest tail draws for which the generalized Pareto distribution is fitted.</summary>
    public const int MinimumTailLength = 5;

    /// <summary>R's <c>.Machine$double.eps</c>, 2⁻⁵².</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The tail length M = ⌈min(0.2·S, 3·√(S/r_eff))⌉ (Vehtari et al. 2024, §3 "M = min(0.2S, 3√(S/r_eff))";
    /// loo 2.5.1 <c>n_pareto</c> takes the ceiling).
    /// </summary>
    public static int TailLength(int drawCount, double relativeEfficiency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(drawCount);
        double m = Math.Min(0.2 * drawCount, 3.0 * Math.Sqrt(drawCount / relativeEfficiency));
        return (int)Math.Ceiling(m);
    }

    /// <summary>
    /// Smooths one vector of raw log importance ratios and returns the result with k̂ and the PSIS
    /// effective sample size.
    /// </summary>
    /// <param name="logRatios">The S raw log ratios (finite; for LOO, −log p(y_i | θ_s)).</param>
    /// <param name="relativeEfficiency">r_eff of the draws (1 for independent draws).</param>
    public static PsisResult Smooth(ReadOnlySpan<double> logRatios, double relativeEfficiency = 1.0)
    {
        var logWeights = new double[logRatios.Length];
        double k = Smooth(logRatios, relativeEfficiency, logWeights);
        return new PsisResult(logWeights, k, TailLength(logRatios.Length, relativeEfficiency),
            EffectiveSampleSize(logWeights, relativeEfficiency));
    }

    /// <summary>
    /// Fills <paramref name="normalisedLogWeights"/> with the smoothed, truncated and normalised log
    /// weights log w̃_s (Σ w̃_s = 1) and returns k̂ (+∞ when the tail is too short or constant, in which
    /// case the weights are the raw ratios, truncated and normalised).
    /// </summary>
    /// <param name="logRatios">The S raw log ratios; every value must be finite.</param>
    /// <param name="relativeEfficiency">r_eff of the draws, which sets the tail length.</param>
    /// <param name="normalisedLogWeights">Receives the S normalised log weights (may not alias the input).</param>
    public static double Smooth(ReadOnlySpan<double> logRatios, double relativeEfficiency, Span<double> normalisedLogWeights)
    {
        int s = logRatios.Length;
        if (normalisedLogWeights.Length != s)
            throw new ArgumentException("The weights span must have the length of the ratios.", nameof(normalisedLogWeights));
        if (s == 0) return double.NaN;

        // Shift by the largest ratio so that exp() is safe: lw = r − max r (Algorithm 1, step 1).
        double max = double.NegativeInfinity;
        foreach (double r in logRatios)
        {
            if (!double.IsFinite(r)) throw new ArgumentException("Every log ratio must be finite.", nameof(logRatios));
            if (r > max) max = r;
        }
        var lw = normalisedLogWeights;
        for (int i = 0; i < s; i++) lw[i] = logRatios[i] - max;

        double k = double.PositiveInfinity;
        int tailLength = TailLength(s, relativeEfficiency);
        if (tailLength >= MinimumTailLength && tailLength < s)
        {
            k = SmoothTail(lw, tailLength);
        }

        // Truncate at the largest raw weight, exp(0) after the shift (loo 2.5.1 do_psis_i), then normalise.
        for (int i = 0; i < s; i++) if (lw[i] > 0) lw[i] = 0;
        double logSum = LogSpace.LogSumExp(lw);
        for (int i = 0; i < s; i++) lw[i] -= logSum;
        return k;
    }

    /// <summary>
    /// The PSIS effective sample size n_eff = r_eff / Σ w̃_s² for normalised weights
    /// (Vehtari et al. 2024, eq. 6 with loo's r_eff scaling).
    /// </summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> normalisedLogWeights, double relativeEfficiency)
    {
        double sumSquares = 0;
        foreach (double w in normalisedLogWeights) sumSquares += Math.Exp(2.0 * w);
        return relativeEfficiency / sumSquares;
    }

    /// <summary>
    /// Replaces the M largest shifted log weights by the logs of the fitted generalized Pareto quantiles at
    /// p_z = (z − ½)/M plus exp(cutoff), in sorted order, and returns k̂ (Algorithm 1, steps 2–4).
    /// Ties are ordered by position, as R's stable sort does.
    /// </summary>
    private static double SmoothTail(Span<double> lw, int tailLength)
    {
        int s = lw.Length;
        var pool = ArrayPool<(double Value, int Index)>.Shared;
        var order = pool.Rent(s);
        var exceedances = ArrayPool<double>.Shared.Rent(tailLength);
        try
        {
            var sorted = order.AsSpan(0, s);
            for (int i = 0; i < s; i++) sorted[i] = (lw[i], i);
            sorted.Sort(); // by value, ties by index: the order of a stable sort

            var tail = sorted[(s - tailLength)..];
            if (Math.Abs(tail[^1].Value - tail[0].Value) < MachineEpsilon / 100)
                return double.PositiveInfinity; // a constant tail: no fit, weights left raw
            double cutoff = sorted[s - tailLength - 1].Value;
            double expCutoff = Math.Exp(cutoff);
            var x = exceedances.AsSpan(0, tailLength);
            for (int z = 0; z < tailLength; z++) x[z] = Math.Exp(tail[z].Value) - expCutoff;

            var fit = GeneralizedPareto.Fit(x);
            if (double.IsFinite(fit.Shape))
            {
                for (int z = 0; z < tailLength; z++)
                {
                    double p = (z + 1 - 0.5) / tailLength;
                    lw[tail[z].Index] = Math.Log(fit.Quantile(p) + expCutoff);
                }
            }
            return fit.Shape;
        }
        finally
        {
            pool.Return(order);
            ArrayPool<double>.Shared.Return(exceedances);
        }
    }
}
