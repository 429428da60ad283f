// A density that offers, besides its gradient, an exact move in another parameterisation of the same model.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling;

/// <summary>
/// A log density with a Markov move that leaves it invariant, applied by the sampler after every sampling transition when
/// <see cref="SamplerOptions.Interweave"/> is on: typically a Gibbs step of scales in the centred form of a non-centred
/// hierarchical model (the interweaving of Yu &amp; Meng 2011). The move must be deterministic given the chain's random
/// stream, allocate nothing, and leave the position finite wherever the density is.
/// </summary>
public interface IInterweavingDensity : ILogDensity
{
    /// <summary>
    /// Moves <paramref name="position"/> in place and brings <paramref name="gradient"/> and <paramref name="logDensity"/> (the
    /// density's at the point) to the moved point; returns how many evaluations of the density that took (0 where they were
    /// updated in closed form).
    /// </summary>
    int Interweave(Span<double> position, Span<double> gradient, ref double logDensity, RandomStream rng);
}
