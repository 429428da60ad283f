// The outcome of Pareto smoothing one vector of log importance ratios.
namespace BayesGlmm.Diagnostics.ImportanceSampling;

/// <summary>Smoothed importance weights of one vector of log ratios, with their diagnostics.</summary>
/// <param name="LogWeights">The smoothed, truncated, normalised log weights (Σ exp = 1).</param>
/// <param name="ParetoK">k̂, the fitted generalized Pareto shape (+∞ when no fit was possible).</param>
/// <param name="TailLength">The number of tail draws M that were smoothed.</param>
/// <param name="EffectiveSampleSize">The PSIS effective sample size r_eff / Σ w̃².</param>
public sealed record PsisResult(double[] LogWeights, double ParetoK, int TailLength, double EffectiveSampleSize)
{
    /// <summary>The diagnostic band of <see cref="ParetoK"/>.</summary>
    public ParetoKBand Band => ParetoKBands.Of(ParetoK);
}
