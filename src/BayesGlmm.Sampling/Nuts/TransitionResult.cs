// What one NUTS transition reports besides the new state.
namespace BayesGlmm.Sampling.Nuts;

/// <summary>The diagnostics of one NUTS transition (Stan's <c>base_nuts</c> sampler parameters).</summary>
internal readonly record struct TransitionResult(
    double AcceptStat,
    double StepSize,
    int TreeDepth,
    int LeapfrogSteps,
    bool Divergent,
    double Energy);
