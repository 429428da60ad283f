// The seven sampler quantities that start every row of a CmdStan CSV file.
namespace BayesGlmm.Output;

/// <summary>
/// The sampler columns of one draw, in CmdStan's order: <c>lp__, accept_stat__, stepsize__, treedepth__,
/// n_leapfrog__, divergent__, energy__</c>.
/// </summary>
public readonly record struct SamplerRow(
    double LogDensity,
    double AcceptStat,
    double StepSize,
    int TreeDepth,
    int LeapfrogSteps,
    bool Divergent,
    double Energy);
