// What one NUTS transition reports besides the new state.
namespace BayesGlmm.Sampling.Nuts;

/// <summary>
/// The diagnostics of one NUTS transition (Stan's <c>base_nuts</c> sampler parameters). <see cref="LeapfrogSteps"/>
/// counts every density evaluation of the transition (with WALNUTS, every micro step and reversibility check).
/// </summary>
internal readonly record struct TransitionResult(
    double AcceptStat,
    double StepSize,
    int TreeDepth,
    int LeapfrogSteps,
    bool Divergent,
    double Energy)
{
    /// <summary>
    /// The statistic step-size adaptation targets: the mean of min(1, exp(H0 − H)) over the trajectory's states, H
    /// taken after each unrefined step (equal to <see cref="AcceptStat"/> for plain leapfrog).
    /// </summary>
    public double AdaptStat { get; init; }

    /// <summary>nutpie's symmetric variant, the mean of 2·exp(min(a, 0))/(1 + exp(a)) with a = H0 − H.</summary>
    public double SymmetricAdaptStat { get; init; }

    /// <summary>The signed trajectory position of the selected state (0: the chain did not move).</summary>
    public int SelectedIndex { get; init; }
}
