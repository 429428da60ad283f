// Where each chain starts: a point on the unconstrained scale written per chain by the caller (Stan's user-supplied inits).
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling;

/// <summary>
/// Writes each chain's initial point on the unconstrained scale, in place of Stan's random initialisation
/// (<see cref="SamplerOptions.InitRadius"/>; Stan Reference Manual, "Initialization": user-specified initial values are
/// given on the constrained scale and transformed, here they are given on the unconstrained one). Set it as
/// <see cref="SamplerOptions.InitialPoints"/>; <see cref="GivenInitialPoints"/> holds fixed points.
/// </summary>
/// <remarks>
/// Contract: <see cref="Write"/> is called once per chain, on that chain's thread, before its first transition. It may
/// draw from <c>rng</c>, the chain's own random stream (<see cref="RandomStream.ForChain"/>), so that chains start apart
/// and the run stays bit-identical for a seed; it may evaluate <c>density</c>, the chain's own density, whose evaluations
/// count among the chain's <see cref="ChainResult.GradientEvaluations"/>. The sampler then evaluates the point written; a
/// log density or gradient that is not finite there stops the run with a <see cref="SamplerInitializationException"/>
/// (there is no retry: the point was chosen by the caller).
/// </remarks>
public interface IInitialPointSource
{
    /// <summary>Writes chain <paramref name="chain"/>'s (0-based) initial point into <paramref name="position"/> (length d, zeroed).</summary>
    void Write(int chain, ILogDensity density, RandomStream rng, Span<double> position);
}
