// The Pareto-smoothing diagnostics of one power-scaling perturbation (component, alpha).
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// How reliable the importance weights of one perturbation are (Vehtari et al. 2024): k̂ and the extra
/// diagnostics of posterior's <c>pareto_smooth</c>. A k̂ above <see cref="KhatThreshold"/> marks the
/// power-scaled estimate as unreliable ("High" in priorsense's plots). The normalised smoothed log
/// weights are kept for plots of the power-scaled marginals.
/// </summary>
public sealed record PowerScalingSmoothing(
    PowerScalingComponent Component,
    double Alpha,
    double RelativeEfficiency,
    int TailLength,
    double ParetoK,
    double MinSampleSize,
    double KhatThreshold,
    double ConvergenceRate,
    ReadOnlyMemory<double> NormalizedLogWeights)
{
    /// <summary>True when k̂ is above the threshold 1 − 1/log10(S) or not finite.</summary>
    public bool IsHighK => !(ParetoK <= KhatThreshold);

    internal static PowerScalingSmoothing From(PowerScalingComponent component, double alpha, ParetoSmoothingResult result) =>
        new(component, alpha, result.RelativeEfficiency, result.TailLength, result.ParetoK, result.MinSampleSize,
            result.KhatThreshold, result.ConvergenceRate, result.NormalizedLogWeights);
}
