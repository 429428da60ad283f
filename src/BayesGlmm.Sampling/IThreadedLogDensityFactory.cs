// A density factory whose densities can spread one evaluation over several threads and give the same values.
namespace BayesGlmm.Sampling;

/// <summary>
/// An <see cref="ILogDensityFactory"/> whose densities can share one evaluation among threads (within-chain parallelism)
/// with results that are bit-identical whatever the number of threads, so the draws do not depend on it either.
/// The sampler chooses the threads per chain with <see cref="SamplerOptions.ThreadsFor"/>.
/// </summary>
public interface IThreadedLogDensityFactory : ILogDensityFactory
{
    /// <summary>The most threads one density can use; 1 when the work of an evaluation is too small to share.</summary>
    int MaxThreads { get; }

    /// <summary>
    /// A density for one chain's exclusive use that evaluates on <paramref name="threads"/> threads (the caller's and
    /// threads − 1 of its own; at most <see cref="MaxThreads"/> are used). The sampler disposes it when the chain ends.
    /// </summary>
    ILogDensity Create(int threads);
}
