// A warmup strategy: it sets the first step size, observes each warmup transition and tunes the step size and metric.
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Adapts the step size and the metric of one chain during warmup. The chain calls <see cref="Begin"/> once at the
/// initial point, <see cref="Learn"/> after every warmup transition, and <see cref="Complete"/> after the last one.
/// </summary>
internal interface IWarmup
{
    /// <summary>Sets the initial metric and returns the first step size, from the initial point <paramref name="state"/>.</summary>
    double Begin(Proposal state);

    /// <summary>
    /// Observes warmup iteration <paramref name="iteration"/> (0-based), whose transition is <paramref name="transition"/>
    /// and whose selected draw is <paramref name="state"/>, and returns the step size of the next iteration.
    /// </summary>
    double Learn(int iteration, in TransitionResult transition, Proposal state);

    /// <summary>The step size for sampling.</summary>
    double Complete();
}
