// Pareto-smoothed importance weights of one power-scaled posterior, for plotting its marginals at any alpha.
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// The importance weights that turn the posterior draws into draws of p(θ)^α·p(y | θ) (prior) or
/// p(θ)·p(y | θ)^α (likelihood): log r_s = (α − 1)·ℓ_c(θ_s) (Kallioinen et al. 2023, eq. 3), Pareto-smoothed as
/// <see cref="PowerScaling"/> smooths them. priorsense's <c>powerscale_plot_dens</c> shows the weighted marginals
/// at α = 0.8 and 1.25 beside the posterior; its k̂ says whether the weights can be trusted that far from α = 1.
/// </summary>
public static class PowerScaledWeights
{
    /// <summary>
    /// The smoothed, normalised log weights and diagnostics for <paramref name="logComponent"/> (one value per draw)
    /// raised to <paramref name="alpha"/>; null when the component is constant over the draws (nothing to scale).
    /// </summary>
    public static PowerScalingSmoothing? Compute(ReadOnlySpan<double> logComponent, PowerScalingComponent component, double alpha)
    {
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), "The power must be positive.");
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in logComponent)
        {
            if (!double.IsFinite(v)) throw new ArgumentException("The log component has a non-finite value.", nameof(logComponent));
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (!(max - min >= 2.220446049250313e-16)) return null;
        var logRatios = new double[logComponent.Length];
        for (int i = 0; i < logRatios.Length; i++) logRatios[i] = (alpha - 1) * logComponent[i];
        return PowerScalingSmoothing.From(component, alpha, ParetoSmoothedWeights.SmoothLogWeights(logRatios));
    }
}
