// A progress report from one chain.
namespace BayesGlmm.Sampling;

/// <summary>
/// Progress of one chain: <paramref name="Iteration"/> iterations done (warmup included) out of
/// <paramref name="TotalIterations"/>; <paramref name="Divergences"/> counts divergent iterations so far.
/// </summary>
public sealed record ChainProgress(int Chain, int Iteration, int WarmupIterations, int TotalIterations, int Divergences);
