// The log-likelihood of each observation over the posterior draws, delivered one observation at a time.
namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// The pointwise log-likelihood log p(y_i | θ_s) of a fit, handed out one observation at a time so
/// that a large model never holds the whole draws × observations matrix: an implementation may read a
/// column of a stored matrix or compute it from the draws on demand.
/// </summary>
/// <remarks>
/// Draws are ordered chain after chain (chain 1's iterations first), each chain holding
/// <see cref="DrawCount"/> / <see cref="ChainCount"/> iterations. <see cref="Fill"/> is called
/// concurrently for different observations and must be safe to call from several threads at once.
/// </remarks>
public interface IPointwiseLogLikelihood
{
    /// <summary>The number of posterior draws S (all chains).</summary>
    int DrawCount { get; }

    /// <summary>The number of observations N.</summary>
    int ObservationCount { get; }

    /// <summary>The number of chains the draws come from (1 when unknown).</summary>
    int ChainCount { get; }

    /// <summary>Fills <paramref name="logLikelihoodOverDraws"/> (length S) with log p(y_i | θ_s), i = <paramref name="observation"/> (0-based).</summary>
    void Fill(int observation, Span<double> logLikelihoodOverDraws);
}
