// Settings of power-scaling sensitivity analysis, with priorsense's defaults.
namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// Options of <see cref="PowerScaling"/>. Defaults are priorsense's (Kallioinen et al. 2023): α = 0.99 and
/// 1.01, a sensitivity threshold of 0.05, all variables, all priors.
/// </summary>
public sealed record PowerScalingOptions
{
    /// <summary>The power below 1 (priorsense's <c>lower_alpha</c>).</summary>
    public double LowerAlpha { get; init; } = 0.99;

    /// <summary>The power above 1 (priorsense's <c>upper_alpha</c>; 1.01, not 1/0.99).</summary>
    public double UpperAlpha { get; init; } = 1.01;

    /// <summary>A sensitivity at or above this value counts as sensitive (priorsense's <c>sensitivity_threshold</c>).</summary>
    public double Threshold { get; init; } = 0.05;

    /// <summary>The variables to assess; null for every parameter (see <see cref="PowerScaling.IsAssessed"/>).</summary>
    public IReadOnlyList<string>? Variables { get; init; }

    /// <summary>
    /// The prior classes to power-scale when the log prior is read from draws: tags of <c>lprior_TAG</c>
    /// variables or indices of <c>lprior[i]</c>; null for all priors (the sum of every lprior variable).
    /// </summary>
    public IReadOnlyList<string>? PriorSelection { get; init; }
}
