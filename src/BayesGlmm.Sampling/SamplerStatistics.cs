// The per-iteration sampler diagnostics CmdStan reports (lp__, accept_stat__, stepsize__, ...).
namespace BayesGlmm.Sampling;

/// <summary>
/// One iteration's sampler diagnostics, CmdStan's columns in order: <c>lp__</c> (<see cref="LogDensity"/>),
/// <c>accept_stat__</c>, <c>stepsize__</c>, <c>treedepth__</c>, <c>n_leapfrog__</c>, <c>divergent__</c>, <c>energy__</c>.
/// </summary>
/// <param name="LogDensity">The log density of the selected state (up to the density's constant).</param>
/// <param name="AcceptStat">The mean of min(1, exp(H0 − H)) over every leapfrog state of the trajectory.</param>
/// <param name="StepSize">The (jittered) step size used in this iteration.</param>
/// <param name="TreeDepth">The number of accepted doublings.</param>
/// <param name="LeapfrogSteps">The number of leapfrog steps (gradient evaluations) in this iteration.</param>
/// <param name="Divergent">Whether the trajectory diverged (H − H0 &gt; 1000, or a non-finite energy).</param>
/// <param name="Energy">The Hamiltonian of the selected state.</param>
public readonly record struct SamplerStatistics(
    double LogDensity,
    double AcceptStat,
    double StepSize,
    int TreeDepth,
    int LeapfrogSteps,
    bool Divergent,
    double Energy);
