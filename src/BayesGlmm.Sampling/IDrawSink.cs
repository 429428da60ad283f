// A receiver of every iteration's position and sampler diagnostics, as the chains produce them.
namespace BayesGlmm.Sampling;

/// <summary>Receives each iteration of each chain as it is made (for streaming output).</summary>
public interface IDrawSink
{
    /// <summary>
    /// Called on the chain's own thread, in order, for every warmup and sampling iteration.
    /// <paramref name="chain"/> is 0-based; <paramref name="iteration"/> is 0-based within its phase
    /// (warmup iterations 0..Warmup−1, then sampling iterations 0..Draws−1). The position span is only
    /// valid during the call. Calls for different chains may run concurrently.
    /// </summary>
    void OnDraw(int chain, int iteration, bool isWarmup, ReadOnlySpan<double> position, in SamplerStatistics statistics);
}
