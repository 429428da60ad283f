// A log density that says how its chains' mode search runs (a model whose density has no maximum to search for).
namespace BayesGlmm.Sampling;

/// <summary>
/// Implemented by an <see cref="ILogDensityFactory"/> whose mode search should not run in its own coordinates. Without
/// <see cref="SamplerOptions.InitialPoints"/> and with <see cref="SamplerOptions.ModeSearchIterations"/> &gt; 0 the sampler
/// starts each chain from <see cref="ModeSearch"/> instead of <see cref="ModeSeekingInitialPoints"/>. A centred hierarchical
/// parameterisation is the case in point: its density is unbounded where a group-level sd goes to 0 with every effect at
/// its mean, so a free L-BFGS search climbs into that spike; the model's own search holds those sds at their start.
/// </summary>
public interface IModeSearchProvider
{
    /// <summary>The source of the chains' initial points, searching with at most <paramref name="maximumIterations"/> L-BFGS iterations from random points of half-width <paramref name="radius"/>.</summary>
    IInitialPointSource ModeSearch(double radius, int maximumIterations);
}
